"""Compare countries: one indicator across chosen countries, against the hub average (over a stated set) and a peer
group's, every gap and rank judged by the significance rule."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from analytics import compare, peers
from analytics import significance as sig
from analytics.significance import Estimate
from charts import alt
from charts import compare as cc
from reports.images import PackItem
from ui import analysis_page, charts, compare_data, datasets, errors, links
from ui import compare_widgets as w
from ui.downloads import chart_downloads, chart_pack, table_downloads
from ui.text import plain

LAGS = [0, 1, 2, 3, 5, 10]
TABS = ("ranking", "series", "map", "table", "scatter")

lang, path = analysis_page.start("compare")
st.title(lang.t("cmp_title"))
st.caption(lang.t("cmp_intro"))
indicators = analysis_page.indicators_or_stop(path, lang)
countries = compare_data.countries(path)
membership = compare_data.membership(path)
listed = sorted(membership.loc[membership["is_hub_member"].astype(bool), "iso3"])
country_names = w.names(countries, lang)

# 1. What to compare
left, middle, right = st.columns([3, 1, 2])
with left:
    code = w.indicator_picker(indicators, lang, "cmp_ind", lang.t("cmp_indicator"),
                              default=analysis_page.default_indicator(indicators))
    meta = indicators.set_index("code").loc[code]
    breakdown = datasets.breakdown_picker(path, lang, "cmp_bd", code=code, default=meta["breakdown"])
sel = datasets.selection(breakdown)  # the breakdown picked (total by default) of the editions in use
ind_years = compare_data.years(path, code, sel)
hub_years = compare_data.group_series(path, code, tuple(listed), sel)
with middle:
    all_years = list(range(int(indicators["first_year"].min()), int(indicators["last_year"].max()) + 1))[::-1]
    default_year = compare.default_year(hub_years, ind_years)
    if st.session_state.get("_cmp_year_for") != code and st.session_state.get("cmp_year") not in ind_years:
        st.session_state["cmp_year"] = default_year  # a new indicator without data that year: its own default
    st.session_state["_cmp_year_for"] = code
    year = links.selectbox(lang.t("year"), all_years, key="cmp_year", param="year", default=default_year)
with right:
    lag = links.selectbox(lang.t("cmp_fallback"), LAGS, key="cmp_lag", param="lag", default=3,
                          format_func=lambda n: lang.t("cmp_lag_none") if n == 0 else lang.plural("cmp_lag_years", n),
                          help=lang.t("cmp_fallback_help"))

own = w.own_group_editor(countries, lang)
options = w.group_options(compare_data.groups(path), own, lang)
hub_set = w.hub_set_picker(membership, own, lang)
hub = list(hub_set.members)
left, middle, right = st.columns([2, 2, 3])
with left:
    peer = w.peer_picker(options, lang)
with middle:
    focus = w.country_picker(countries, lang, "cmp_focus", lang.t("cmp_focus"), w.default_focus(listed))


def _fill_from_group() -> None:
    chosen = st.session_state.get("cmp_fill_group")
    if chosen in options:
        st.session_state["cmp_countries"] = sorted(options[chosen][1])


with right:
    st.selectbox(lang.t("cmp_fill_from"), list(options), index=None, key="cmp_fill_group",
                 format_func=lambda c: options[c][0], on_change=_fill_from_group,
                 placeholder=lang.t("cmp_fill_placeholder"))
chosen = links.multiselect(lang.t("cmp_countries"), list(countries["iso3"]), default=listed, key="cmp_countries",
                           param="countries", format_func=lambda c: country_names.get(c, c), wrap=False)
if not chosen:
    st.info(lang.t("cmp_choose_countries"))
    st.stop()

peer_name, peer_members = options[peer]
w.remember()
needed = tuple(sorted(set(chosen) | set(hub) | set(peer_members)))
everyone = compare_data.year_values(path, code, int(year), needed, int(lag), sel)
values = everyone[everyone["iso3"].isin(chosen)].reset_index(drop=True)
hub_avg = compare.average(everyone, hub, int(year))
averages = [replace(hub_avg, label=hub_set.label(hub_avg.n, year, lang))]
if peer_members:
    peer_avg = compare.average(everyone, peer_members, int(year))
    averages.append(replace(peer_avg, label=peers.group_set(peer, peer_name, peer_members)
                            .label(peer_avg.n, year, lang)))
higher = bool(meta["higher_is_better"])
ranks = compare.hub_ranks(everyone, hub, int(year), higher)  # aligned with `everyone`
values["hub_rank"] = ranks[everyone["iso3"].isin(chosen)].to_numpy()

# The significance rule on every country of the view: its gap to the hub average, and the ranks its published
# interval allows among the hub set's countries reporting that year.
exact = everyone[(everyone["value_year"] == int(year)) & everyone["value"].notna()]
estimate = {r.iso3: Estimate.of(r.value, r.std_error, r.lower, r.upper) for r in exact.itertuples()}
in_hub = [estimate[c] for c in hub if c in estimate]
verdicts, spans = {}, {}
for iso3 in values["iso3"]:
    if iso3 in estimate:
        verdicts[iso3] = sig.gap_to_average(estimate[iso3], in_hub, iso3 in hub, higher)
        span = sig.rank_range(estimate[iso3], [estimate[c] for c in hub if c in estimate and c != iso3], higher)
        if span:
            spans[iso3] = span
# On the chart and in its alt text, ranks are among the countries shown: their ranges likewise.
shown = [c for c in values["iso3"] if c in estimate]
chart_spans = {c: span for c in shown
               if (span := sig.rank_range(estimate[c], [estimate[o] for o in shown if o != c], higher))}
sources = compare_data.sources_of(path, (code,), sel)
demo = bool(sources["is_demo"].any())
m = w.meta_dict(meta, lang)
if breakdown:  # every title, label and export names the group shown
    m["name"] = f"{m['name']} — {datasets.breakdown_label(path, breakdown, lang)}"

name_col = lang.col("name")
n_missing = int(values["value"].isna().sum())
n_fallback = int(values["is_fallback"].sum())
if values["value"].isna().all():
    st.info(lang.t("cmp_all_missing", year=year, first=ind_years[0], last=ind_years[-1]))
if not peer_members:
    st.info(lang.t("cmp_own_group_empty_info"))
subtitle = lang.t("cmp_subtitle", year=year, edition=", ".join(sources["edition"]))
stem = f"compare-{code}-{year}"
average_notes = tuple(cc.average_label(a, int(meta["decimals"]), lang) for a in averages if a.n)
notes = (*average_notes, lang.t("vw_sig_rule"))

value_notes = [lang.t("cmp_reporting", n=len(values) - n_missing, N=len(values), year=year)]
if n_fallback:
    value_notes.append(lang.plural("cmp_fallback_note", n_fallback))
if n_missing:
    value_notes.append(lang.t("cmp_missing_note", n=n_missing,
                         names=plain(", ".join(values.loc[values["value"].isna(), name_col]))))

# The brief of this view: the highlighted country, the peer group, the year and the indicator, as codes.
brief_group = peer if peer != w.OWN_GROUP else hub_set.code
if st.button(lang.t("vw_brief_from_view"), icon=":material/description:", help=lang.t("vw_brief_from_view_help"),
             key="cmp_to_brief"):
    st.switch_page("pages/brief.py", query_params={"country": focus, "peers": brief_group, "year": str(year),
                                                   "ind": code, "lang": lang})


def ranking() -> tuple[object, object]:
    fig = cc.ranked_bar(values, averages, m, lang, focus, demo, chart_spans)
    text = alt.ranked(values, averages, m, lang, focus, year, chart_spans)
    return fig, w.export_meta(f"{m['name']}, {year}", subtitle, sources, lang, stem + "-ranking", text, notes,
                              "compare")


def series_frame(first: int, last: int) -> tuple[pd.DataFrame, list]:
    frame = compare_data.series(path, code, tuple(sorted(chosen)), int(first), int(last), sel)
    hub_series = compare_data.group_series(path, code, tuple(hub), sel)
    lines = [(hub_set.short(lang), hub_series[hub_series["year"].between(first, last)], len(hub))]
    if peer_members:
        peer_series = compare_data.group_series(path, code, tuple(sorted(peer_members)), sel)
        lines.append((peers.group_set(peer, peer_name, peer_members).short(lang),
                      peer_series[peer_series["year"].between(first, last)], len(set(peer_members))))
    return frame, lines


def series_chart(first: int, last: int) -> tuple[object, object] | None:
    frame, lines = series_frame(first, last)
    if frame.empty:
        return None
    fig = cc.time_series(frame, lines, m, lang, focus, demo, peers=sorted(peer_members))
    text = alt.series(frame, lines, m, lang, focus, sorted(peer_members))
    series_sub = lang.t("cmp_subtitle", year=f"{first}–{last}", edition=", ".join(sources["edition"]))
    return fig, w.export_meta(m["name"], series_sub, sources, lang, f"series-{code}", text, notes, "compare")


def map_chart() -> tuple[object, object]:
    fig = cc.value_map(values, m, lang, demo)
    text = alt.ranked(values, averages, m, lang, focus, year, chart_spans)
    return fig, w.export_meta(f"{m['name']}, {year}", subtitle, sources, lang, stem + "-map", text, notes, "compare")


def all_charts() -> list[PackItem]:
    """Every chart of this view, built when the pack is asked for (the tabs draw only the open one)."""
    items = [PackItem(*ranking()), PackItem(*map_chart())]
    made = series_chart(ind_years[0], ind_years[-1])
    if made:
        items.insert(1, PackItem(*made))
    return items


tab_labels = {key: lang.t(f"cmp_tab_{key}") for key in TABS}
tab_codes = {label: key for key, label in tab_labels.items()}
# The open tab travels as a code: a link's tab, else the tab clicked (its label in this language), else the tab open
# before a language switch (whose label was in the other language), else the ranking.
wanted = (links.incoming("tab", "cmp_tab") or tab_codes.get(st.session_state.get("cmp_tab"))
          or st.session_state.get("_cmp_tab_code") or "ranking")
st.session_state["cmp_tab"] = tab_labels.get(wanted, tab_labels["ranking"])
tabs = dict(zip(TABS, st.tabs(list(tab_labels.values()), key="cmp_tab", on_change="rerun"), strict=True))
open_tab = tab_codes.get(st.session_state.get("cmp_tab"), "ranking")
st.session_state["_cmp_tab_code"] = open_tab
links.write("tab", open_tab, "cmp_tab")

if open_tab == "ranking":
    with tabs["ranking"]:
        st.subheader(f"{plain(m['name'])}, {year}")
        fig, bar_meta = ranking()
        charts.show(fig, lang, key="cmp_bar", alt="")  # the caption below holds the alt text
        st.caption("  \n".join(value_notes + [plain(bar_meta.alt)]))
        w.about(meta, sources, lang, str(year))
        chart_downloads(fig, bar_meta, "cmp-bar")

@errors.fragment
def series_tab() -> None:
    """The series and its year range: moving the range reruns this tab only."""
    if len(ind_years) > 1:
        first, last = links.year_range(lang.t("cmp_years"), ind_years, key="cmp_range", param="years",
                                       owner=code)
    else:
        first, last = ind_years[0], ind_years[0]
    made = series_chart(first, last)
    if made is None:
        st.info(lang.t("cmp_no_series"))
    else:
        fig, series_meta = made
        charts.show(fig, lang, key="cmp_series", alt="")  # the caption below holds the alt text
        frame, _ = series_frame(first, last)
        has_bands = frame["std_error"].notna().any() or frame["lower"].notna().any()
        captions = [lang.t("cmp_series_note")]
        if has_bands:
            captions.append(lang.t("cmp_bands_note", limit=cc.BAND_LIMIT))
        st.caption("  \n".join(captions + [plain(series_meta.alt)]))
        w.about(meta, sources, lang, f"{first}–{last}")
        chart_downloads(fig, series_meta, "cmp-series")
        table = frame.assign(country=frame[name_col])[["country", "iso3", "year", "value", "std_error", "lower",
                                                        "upper"]]
        table_downloads(table, series_meta, "cmp-series-t")


if open_tab == "series":
    with tabs["series"]:
        series_tab()

if open_tab == "map":
    with tabs["map"]:
        fig, map_meta = map_chart()
        charts.show(fig, lang, key="cmp_map")
        st.caption("  \n".join(value_notes))  # the same counts as under the ranking: earlier years, missing
        w.about(meta, sources, lang, str(year))
        chart_downloads(fig, map_meta, "cmp-map")

if open_tab == "table":
    with tabs["table"]:
        decimals = int(meta["decimals"])
        reporting = compare.hub_reporting(everyone, hub, int(year))
        # Against the hub average, by the significance rule (only values of the year itself are compared).
        codes = [verdicts[i].code if i in verdicts else "missing" for i in values["iso3"]]
        values["vs_hub"] = codes
        values["rank_low"] = [spans[i][0] if i in spans else None for i in values["iso3"]]
        values["rank_high"] = [spans[i][1] if i in spans else None for i in values["iso3"]]
        table = pd.DataFrame({
            lang.t("country"): values[name_col],
            "ISO3": values["iso3"],
            lang.t("value"): [w.fmt(v, decimals, lang) for v in values["value"]],
            lang.t("cmp_value_year"): [str(int(y)) if pd.notna(y) else "—" for y in values["value_year"]],
            lang.t("cmp_note"): [lang.t("cmp_from_year", year=int(y)) if f else ("" if pd.notna(v) else
                                  lang.t("missing")) for v, y, f in zip(values["value"], values["value_year"],
                                                                         values["is_fallback"], strict=True)],
            lang.t("cmp_rank_hub"): [sig.rank_words(int(r), reporting + (iso not in hub), spans.get(iso), lang)
                                      if pd.notna(r) else "—"
                                      for r, iso in zip(values["hub_rank"], values["iso3"], strict=True)],
            # Published uncertainty; a dash where the source publishes none (never a blank that reads as zero).
            **{lang.t(key): [w.fmt(v, decimals + 2, lang) if pd.notna(v) else "—" for v in values[column]]
               for key, column in (("cmp_std_error", "std_error"), ("cmp_lower", "lower"), ("cmp_upper", "upper"))},
            lang.t("vw_col_hub_verdict"): [sig.words(verdicts[i], lang, "gap") if i in verdicts else "—"
                                            for i in values["iso3"]],
        }).sort_values(lang.t("country"))
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption("  \n".join([plain(n) for n in average_notes] + [lang.t("vw_sig_rule")]))
        w.about(meta, sources, lang, str(year))
        export = values.assign(country=values[name_col])[["country", "iso3", "value", "value_year", "is_fallback",
                                                           "hub_rank", "rank_low", "rank_high", "std_error", "lower",
                                                           "upper", "vs_hub"]]
        table_downloads(export, w.export_meta(f"{m['name']}, {year}", subtitle, sources, lang, stem, notes=notes,
                                              page="compare"), "cmp-table")

@errors.fragment
def scatter_tab() -> None:
    """Two indicators: picking the second one reruns this tab only."""
    others = indicators[indicators["code"] != code]
    if others.empty:
        st.info(lang.t("cmp_scatter_one"))
    else:
        preferred = others[others["dataset"] != meta["dataset"]]
        y_code = w.indicator_picker(others, lang, "cmp_ind_y", lang.t("cmp_indicator_y"),
                                    default=analysis_page.default_indicator(preferred if len(preferred) else others),
                                    param="ind_y")
        y_meta = indicators.set_index("code").loc[y_code]
        # The same group when the second indicator has it, else the breakdown it is listed by (its total).
        y_breakdowns = datasets.present(path, sel, y_code)["breakdown"].tolist()
        y_sel = datasets.selection(breakdown if breakdown in y_breakdowns else y_meta["breakdown"])
        # The first indicator's values are already at hand; only the second one is queried.
        y_values = compare_data.year_values(path, y_code, int(year), needed, int(lag), y_sel)
        pair = compare.pair(values, y_values)
        hub_means = {"x": averages[0].mean, "y": compare.average(y_values, hub, int(year)).mean}
        both = pair["value_x"].notna() & pair["value_y"].notna()
        if not both.any():
            st.info(lang.t("cmp_scatter_empty", year=year))
        else:
            ym = w.meta_dict(y_meta, lang)
            if y_sel.breakdown:
                ym["name"] = f"{ym['name']} — {datasets.breakdown_label(path, y_sel.breakdown, lang)}"
            pair_sources = pd.concat([sources, compare_data.sources_of(path, (y_code,), y_sel)]).drop_duplicates(
                "source_id")
            fig = cc.scatter_chart(pair, m, ym, lang, focus, bool(pair_sources["is_demo"].any()), hub_means)
            charts.show(fig, lang, key="cmp_scatter")
            st.caption(lang.t("cmp_scatter_note", n=int(both.sum()), N=len(pair), year=year) + " "
                       + lang.t("cmp_scatter_hub_lines", year=year))
            w.about(meta, sources, lang, str(year))
            w.about(y_meta, compare_data.sources_of(path, (y_code,), y_sel), lang, str(year))
            title = f"{m['name']} × {ym['name']}, {year}"
            meta_pair = w.export_meta(title, lang.t("cmp_subtitle", year=year,
                                                edition=", ".join(pair_sources["edition"])),
                                      pair_sources, lang, f"scatter-{code}-{y_code}-{year}", notes=notes,
                                      page="compare")
            chart_downloads(fig, meta_pair, "cmp-scatter")
            names_in = [c for c in ("name_en", "name_ru", "name_kk") if c in pair]
            table_downloads(pair.assign(country=pair[name_col]).drop(columns=names_in), meta_pair, "cmp-scatter-t")


if open_tab == "scatter":
    with tabs["scatter"]:
        scatter_tab()

st.divider()
chart_pack(all_charts, w.export_meta(f"{m['name']}, {year}", subtitle, sources, lang, stem + "-charts", notes=notes,
                                     page="compare"), "cmp")
