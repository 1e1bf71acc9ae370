"""Compare countries: one indicator across chosen countries, against hub and peer-group averages."""

import pandas as pd
import streamlit as st

from analytics import compare
from reports.images import PackItem
from ui import analysis_page, charts, compare_data
from ui import compare_charts as cc
from ui import compare_widgets as w
from ui.downloads import chart_downloads, chart_pack, table_downloads

LAGS = [0, 1, 2, 3, 5, 10]

lang, path = analysis_page.start("compare")
st.title(lang.t("cmp_title"))
st.caption(lang.t("cmp_intro"))
indicators = analysis_page.indicators_or_stop(path, lang)
countries = compare_data.countries(path)
hub = compare_data.hub_members(path)
country_names = w.names(countries, lang)

# 1. What to compare
left, middle, right = st.columns([3, 1, 2])
with left:
    code = w.indicator_picker(indicators, lang, "cmp_ind", lang.t("cmp_indicator"))
meta = indicators.set_index("code").loc[code]
ind_years = compare_data.years(path, code)
hub_years = compare_data.group_series(path, code, tuple(hub))
with middle:
    all_years = list(range(int(indicators["first_year"].min()), int(indicators["last_year"].max()) + 1))[::-1]
    default_year = compare.default_year(hub_years, ind_years)
    year = st.selectbox(lang.t("year"), all_years, index=all_years.index(default_year), key="cmp_year",
                        bind="query-params")
with right:
    lag = st.selectbox(lang.t("cmp_fallback"), LAGS, index=LAGS.index(3), key="cmp_lag", bind="query-params",
                       format_func=lambda n: lang.t("cmp_lag_none") if n == 0 else lang.plural("cmp_lag_years", n),
                       help=lang.t("cmp_fallback_help"))

own = w.own_group_editor(countries, lang)
options = w.group_options(compare_data.groups(path), own, lang)
left, middle, right = st.columns([2, 2, 3])
with left:
    peer = w.peer_picker(options, lang)
with middle:
    focus = w.country_picker(countries, lang, "cmp_focus", lang.t("cmp_focus"), w.default_focus(hub))


def _fill_from_group() -> None:
    chosen = st.session_state.get("cmp_fill_group")
    if chosen in options:
        st.session_state["cmp_countries"] = sorted(options[chosen][1])


with right:
    st.selectbox(lang.t("cmp_fill_from"), list(options), index=None, key="cmp_fill_group",
                 format_func=lambda c: options[c][0], on_change=_fill_from_group,
                 placeholder=lang.t("cmp_fill_placeholder"))
chosen = st.multiselect(lang.t("cmp_countries"), list(countries["iso3"]), default=hub, key="cmp_countries",
                        bind="query-params", format_func=lambda c: country_names.get(c, c), wrap=False)
if not chosen:
    st.info(lang.t("cmp_choose_countries"))
    st.stop()

peer_name, peer_members = options[peer]
w.remember()
hub_name = lang.t("cmp_hub_average")
needed = tuple(sorted(set(chosen) | set(hub) | set(peer_members)))
everyone = compare_data.year_values(path, code, int(year), needed, int(lag))
values = everyone[everyone["iso3"].isin(chosen)].reset_index(drop=True)
averages = [compare.average(everyone, hub, int(year), hub_name)]
if peer_members:
    averages.append(compare.average(everyone, peer_members, int(year), peer_name))
ranks = compare.hub_ranks(everyone, hub, int(year), bool(meta["higher_is_better"]))  # aligned with `everyone`
values["hub_rank"] = ranks[everyone["iso3"].isin(chosen)].to_numpy()
sources = compare_data.sources_of(path, (code,))
demo = bool(sources["is_demo"].any())
m = w.meta_dict(meta, lang)
if demo:
    st.warning(lang.t("demo_banner"), icon="⚠️")

name_col = lang.col("name")
n_missing = int(values["value"].isna().sum())
n_fallback = int(values["is_fallback"].sum())
if values["value"].isna().all():
    st.info(lang.t("cmp_all_missing", year=year, first=ind_years[0], last=ind_years[-1]))
if not peer_members:
    st.info(lang.t("cmp_own_group_empty_info"))
subtitle = lang.t("cmp_subtitle", year=year, edition=", ".join(sources["edition"]))
stem = f"compare-{code}-{year}"

value_notes = [lang.t("cmp_reporting", n=len(values) - n_missing, N=len(values), year=year)]
if n_fallback:
    value_notes.append(lang.plural("cmp_fallback_note", n_fallback))
if n_missing:
    value_notes.append(lang.t("cmp_missing_note", n=n_missing,
                              names=", ".join(values.loc[values["value"].isna(), name_col])))

pack: list[PackItem] = []  # every chart of this view, for the chart pack below the tabs
tab_bar, tab_series, tab_map, tab_table, tab_scatter = st.tabs(
    [lang.t("cmp_tab_ranking"), lang.t("cmp_tab_series"), lang.t("cmp_tab_map"), lang.t("cmp_tab_table"),
     lang.t("cmp_tab_scatter")])

with tab_bar:
    st.subheader(f"{m['name']}, {year}")
    fig = cc.ranked_bar(values, averages, m, lang, focus, demo)
    charts.show(fig, lang, key="cmp_bar")
    st.caption("  \n".join(value_notes))
    w.about(meta, sources, lang, str(year))
    bar_meta = w.export_meta(f"{m['name']}, {year}", subtitle, sources, lang, stem + "-ranking")
    chart_downloads(fig, bar_meta, "cmp-bar")
    pack.append(PackItem(fig, bar_meta))

with tab_series:
    years_all = ind_years
    first, last = st.select_slider(lang.t("cmp_years"), options=years_all, value=(years_all[0], years_all[-1]),
                                   key="cmp_range", bind="query-params") if len(years_all) > 1 \
        else (years_all[0], years_all[0])
    frame = compare_data.series(path, code, tuple(sorted(chosen)), int(first), int(last))
    if frame.empty:
        st.info(lang.t("cmp_no_series"))
    else:
        group_lines = [(hub_name, hub_years[hub_years["year"].between(first, last)], len(hub))]
        if peer_members:
            peer_series = compare_data.group_series(path, code, tuple(sorted(peer_members)))
            group_lines.append((peer_name, peer_series[peer_series["year"].between(first, last)],
                                len(set(peer_members))))
        fig = cc.time_series(frame, group_lines, m, lang, focus, demo)
        charts.show(fig, lang, key="cmp_series")
        has_bands = frame["std_error"].notna().any() or frame["lower"].notna().any()
        notes = [lang.t("cmp_series_note")]
        if has_bands:
            notes.append(lang.t("cmp_bands_note", limit=cc.BAND_LIMIT))
        st.caption("  \n".join(notes))
        w.about(meta, sources, lang, f"{first}–{last}")
        series_sub = lang.t("cmp_subtitle", year=f"{first}–{last}", edition=", ".join(sources["edition"]))
        series_meta = w.export_meta(m["name"], series_sub, sources, lang, f"series-{code}")
        chart_downloads(fig, series_meta, "cmp-series")
        pack.append(PackItem(fig, series_meta))
        table = frame.assign(country=frame[name_col])[["country", "iso3", "year", "value", "std_error", "lower",
                                                        "upper"]]
        table_downloads(table, w.export_meta(m["name"], series_sub, sources, lang, f"series-{code}"), "cmp-series-t")

with tab_map:
    fig = cc.value_map(values, m, lang, demo)
    charts.show(fig, lang, key="cmp_map")
    st.caption("  \n".join(value_notes))  # the same counts as under the ranking: earlier years, missing countries
    w.about(meta, sources, lang, str(year))
    map_meta = w.export_meta(f"{m['name']}, {year}", subtitle, sources, lang, stem + "-map")
    chart_downloads(fig, map_meta, "cmp-map")
    pack.append(PackItem(fig, map_meta))

with tab_table:
    decimals = int(meta["decimals"])
    reporting = compare.hub_reporting(everyone, hub, int(year))
    hub_avg = averages[0].mean
    # Against the hub average: beyond the published uncertainty or within it (only values of the year itself).
    verdicts = [compare.significance(v, hub_avg, se, lo, up) if not f and pd.notna(v) else "unknown"
                for v, se, lo, up, f in zip(values["value"], values["std_error"], values["lower"], values["upper"],
                                            values["is_fallback"], strict=True)]
    values["vs_hub"] = verdicts
    verdict_words = {"above": lang.t("cmp_vs_hub_above"), "below": lang.t("cmp_vs_hub_below"),
                     "within": lang.t("cmp_prof_sig_within"), "unknown": "—"}
    table = pd.DataFrame({
        lang.t("country"): values[name_col],
        "ISO3": values["iso3"],
        lang.t("value"): [lang.n(v, decimals) for v in values["value"]],
        lang.t("cmp_value_year"): [str(int(y)) if pd.notna(y) else "—" for y in values["value_year"]],
        lang.t("cmp_note"): [lang.t("cmp_from_year", year=int(y)) if f else ("" if pd.notna(v) else
                              lang.t("missing")) for v, y, f in zip(values["value"], values["value_year"],
                                                                     values["is_fallback"], strict=True)],
        lang.t("cmp_rank_hub"): [lang.of(int(r), reporting + (iso not in hub))
                                  if pd.notna(r) else "—" for r, iso in zip(values["hub_rank"], values["iso3"],
                                                                            strict=True)],
        # Published uncertainty; a dash where the source publishes none (never a blank that reads as zero).
        **{lang.t(key): [lang.n(v, decimals + 2) if pd.notna(v) else "—" for v in values[column]]
           for key, column in (("cmp_std_error", "std_error"), ("cmp_lower", "lower"), ("cmp_upper", "upper"))},
        lang.t("cmp_vs_hub"): [verdict_words[v] for v in verdicts],
    }).sort_values(lang.t("country"))
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("  \n".join([cc.average_label(a, decimals, lang) for a in averages] + [lang.t("cmp_vs_hub_note")]))
    w.about(meta, sources, lang, str(year))
    export = values.assign(country=values[name_col])[["country", "iso3", "value", "value_year", "is_fallback",
                                                       "hub_rank", "std_error", "lower", "upper", "vs_hub"]]
    table_downloads(export, w.export_meta(f"{m['name']}, {year}", subtitle, sources, lang, stem), "cmp-table")

with tab_scatter:
    others = indicators[indicators["code"] != code]
    if others.empty:
        st.info(lang.t("cmp_scatter_one"))
    else:
        preferred = others[others["dataset"] != meta["dataset"]]
        y_code = w.indicator_picker(others, lang, "cmp_ind_y", lang.t("cmp_indicator_y"),
                                    default=(preferred if len(preferred) else others)["code"].iloc[0])
        y_meta = indicators.set_index("code").loc[y_code]
        # The first indicator's values are already at hand; only the second one is queried.
        y_values = compare_data.year_values(path, y_code, int(year), needed, int(lag))
        pair = compare.pair(values, y_values)
        hub_means = {"x": averages[0].mean, "y": compare.average(y_values, hub, int(year)).mean}
        both = pair["value_x"].notna() & pair["value_y"].notna()
        if not both.any():
            st.info(lang.t("cmp_scatter_empty", year=year))
        else:
            ym = w.meta_dict(y_meta, lang)
            pair_sources = compare_data.sources_of(path, (code, y_code))
            fig = cc.scatter_chart(pair, m, ym, lang, focus, bool(pair_sources["is_demo"].any()), hub_means)
            charts.show(fig, lang, key="cmp_scatter")
            st.caption(lang.t("cmp_scatter_note", n=int(both.sum()), N=len(pair), year=year) + " "
                       + lang.t("cmp_scatter_hub_lines", year=year))
            w.about(meta, sources, lang, str(year))
            w.about(y_meta, compare_data.sources_of(path, (y_code,)), lang, str(year))
            title = f"{m['name']} × {ym['name']}, {year}"
            meta_pair = w.export_meta(title, lang.t("cmp_subtitle", year=year,
                                                    edition=", ".join(pair_sources["edition"])),
                                      pair_sources, lang, f"scatter-{code}-{y_code}-{year}")
            chart_downloads(fig, meta_pair, "cmp-scatter")
            pack.append(PackItem(fig, meta_pair))
            names_in = ["name_en", "name_ru", "name_kk"]
            table_downloads(pair.assign(country=pair[name_col]).drop(columns=names_in), meta_pair,
                            "cmp-scatter-t")

st.divider()
chart_pack(pack, w.export_meta(f"{m['name']}, {year}", subtitle, sources, lang, stem + "-charts"), "cmp")
