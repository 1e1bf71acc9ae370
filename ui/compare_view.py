"""Rendering of the compare and profile views that screens/ builds: tabs, fragments, captions and downloads."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from charts import compare as cc
from core.i18n import Language, with_unit
from reports.images import PackItem
from screens import compare as compare_screen
from screens import profile as profile_screen
from screens.common import default_indicator
from screens.reading import Read
from ui import charts, downloads, errors, links
from ui import compare_widgets as w
from ui.downloads import chart_downloads, table_downloads
from ui.text import plain

# -- profile -------------------------------------------------------------------------------------------------------


@errors.fragment
def theme_panels(read: Read, picks: profile_screen.Picks, view: profile_screen.Profile, theme: str,
                 lang: Language) -> None:
    """Small multiples of the picked indicators of one theme, with their downloads (picking panels reruns this
    part only)."""
    in_theme = view.frame[view.frame["theme"] == theme]
    panel_names = dict(zip(in_theme["code"], in_theme[lang.col("name")], strict=True))
    if st.session_state.get("_prof_panels_theme") != theme:  # another theme: its own first panels
        st.session_state.pop("prof_panels", None)
    st.session_state["_prof_panels_theme"] = theme
    picked = links.multiselect(lang.t("cmp_prof_panels", n=cc.MAX_PANELS), list(in_theme["code"]),
                               default=list(in_theme["code"])[:profile_screen.FIRST_PANELS],
                               max_selections=cc.MAX_PANELS, key="prof_panels", param="panels",
                               format_func=lambda c: panel_names.get(c, c))
    if not picked:
        st.info(lang.t("cmp_prof_no_panels"))
        return
    made = profile_screen.panels(read, picks, view, theme, picked, lang)
    charts.show(made.fig, lang, key="prof_multiples")
    st.caption("  \n".join(made.notes))
    w.sources_caption(made.sources, lang, made.years)
    meta = w.linked(made.meta, "profile")
    chart_downloads(made.fig, meta, "prof-multiples")
    table_downloads(made.table, meta, "prof-multiples-t")


def profile_about(indicators: pd.DataFrame, view: profile_screen.Profile, lang: Language) -> None:
    """Every indicator's definition (in an expander), then the sources."""
    name_col = lang.col("name")
    with st.expander(lang.t("about_data"), expanded=False):
        definitions = lang.column(indicators.set_index("code"), "definition")
        st.markdown("\n".join(f"- **{plain(with_unit(r[name_col], lang.pick(r, 'unit')))}**: "
                              f"{plain(definitions.get(r['code'], ''))}"
                              for _, r in view.frame.iterrows()))
    st.caption("  \n".join(w.source_lines(view.sources, lang)))


# -- compare -------------------------------------------------------------------------------------------------------

TABS = ("ranking", "series", "map", "table", "scatter")


def brief_button(picks: compare_screen.Picks, lang: Language) -> None:
    """The brief of this view: the highlighted country, the peer group, the year and the indicator, as codes."""
    group = picks.peer if picks.peer != w.OWN_GROUP else picks.hub.code
    if st.button(lang.t("vw_brief_from_view"), icon=":material/description:", help=lang.t("vw_brief_from_view_help"),
                 key="cmp_to_brief"):
        st.switch_page("pages/brief.py", query_params={"country": picks.focus, "peers": group,
                                                       "year": str(picks.year), "ind": picks.code, "lang": lang})


def open_tab(lang: Language) -> tuple[str, object]:
    """The tabs, and the open one as a code: a link's tab, else the tab clicked (its label in this language), else
    the tab open before a language switch (whose label was in the other language), else the ranking."""
    labels = {key: lang.t(f"cmp_tab_{key}") for key in TABS}
    codes = {label: key for key, label in labels.items()}
    wanted = (links.incoming("tab", "cmp_tab") or codes.get(st.session_state.get("cmp_tab"))
              or st.session_state.get("_cmp_tab_code") or "ranking")
    st.session_state["cmp_tab"] = labels.get(wanted, labels["ranking"])
    tabs = dict(zip(TABS, st.tabs(list(labels.values()), key="cmp_tab", on_change="rerun"), strict=True))
    shown = codes.get(st.session_state.get("cmp_tab"), "ranking")
    st.session_state["_cmp_tab_code"] = shown
    links.write("tab", shown, "cmp_tab")
    return shown, tabs[shown]


def compare_tabs(view: compare_screen.View, indicators: pd.DataFrame) -> None:
    """The open tab of the view (only it is drawn)."""
    shown, tab = open_tab(view.lang)
    with tab:
        {"ranking": ranking_tab, "series": series_tab, "map": map_tab, "table": table_tab,
         "scatter": lambda v: scatter_tab(v, indicators)}[shown](view)


def ranking_tab(view: compare_screen.View) -> None:
    lang, year = view.lang, view.picks.year
    st.subheader(f"{plain(view.shown['name'])}, {year}")
    made = view.ranking()
    meta = w.linked(made.meta, "compare")
    charts.show(made.fig, lang, key="cmp_bar", alt="")  # the caption below holds the alt text
    st.caption("  \n".join([*view.value_notes, plain(meta.alt)]))
    w.about(view.meta, view.sources, lang, str(year))
    chart_downloads(made.fig, meta, "cmp-bar")


@errors.fragment
def series_tab(view: compare_screen.View) -> None:
    """The series and its year range: moving the range reruns this tab only."""
    lang, years = view.lang, view.years
    if len(years) > 1:
        first, last = links.year_range(lang.t("cmp_years"), years, key="cmp_range", param="years",
                                       owner=view.picks.code)
    else:
        first, last = years[0], years[0]
    made = view.series(first, last)
    if made is None:
        st.info(lang.t("cmp_no_series"))
        return
    meta = w.linked(made.meta, "compare")
    charts.show(made.fig, lang, key="cmp_series", alt="")  # the caption below holds the alt text
    frame, _ = view.series_frame(first, last)
    st.caption("  \n".join([*view.series_captions(frame), plain(meta.alt)]))
    w.about(view.meta, view.sources, lang, f"{first}–{last}")
    chart_downloads(made.fig, meta, "cmp-series")
    table_downloads(view.series_table(frame), meta, "cmp-series-t")


def map_tab(view: compare_screen.View) -> None:
    made = view.map()
    charts.show(made.fig, view.lang, key="cmp_map")
    st.caption("  \n".join(view.value_notes))  # the same counts as under the ranking: earlier years, missing
    w.about(view.meta, view.sources, view.lang, str(view.picks.year))
    chart_downloads(made.fig, w.linked(made.meta, "compare"), "cmp-map")


def table_tab(view: compare_screen.View) -> None:
    table, export = view.table()
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("  \n".join([plain(n) for n in view.average_notes] + [view.lang.t("vw_sig_rule")]))
    w.about(view.meta, view.sources, view.lang, str(view.picks.year))
    table_downloads(export, w.linked(view.export(view.stem), "compare"), "cmp-table")


@errors.fragment
def scatter_tab(view: compare_screen.View, indicators: pd.DataFrame) -> None:
    """Two indicators: picking the second one reruns this tab only."""
    lang, year = view.lang, str(view.picks.year)
    others = indicators[indicators["code"] != view.picks.code]
    if others.empty:
        st.info(lang.t("cmp_scatter_one"))
        return
    preferred = others[others["dataset"] != view.meta["dataset"]]
    y_code = w.indicator_picker(others, lang, "cmp_ind_y", lang.t("cmp_indicator_y"),
                                default=default_indicator(preferred if len(preferred) else others), param="ind_y")
    made = view.scatter(indicators, y_code)
    if made.fig is None:
        st.info(lang.t("cmp_scatter_empty", year=view.picks.year))
        return
    charts.show(made.fig, lang, key="cmp_scatter")
    st.caption(made.note)
    w.about(view.meta, view.sources, lang, year)
    w.about(made.y_meta, made.y_sources, lang, year)
    meta = w.linked(made.meta, "compare")
    chart_downloads(made.fig, meta, "cmp-scatter")
    table_downloads(made.table, meta, "cmp-scatter-t")


def chart_pack(view: compare_screen.View) -> None:
    """Every chart of the view in one ZIP, built when clicked."""
    def items() -> list[PackItem]:
        return [replace(item, meta=w.linked(item.meta, "compare")) for item in view.charts()]

    downloads.chart_pack(items, w.linked(view.export(view.stem + "-charts"), "compare"), "cmp")
