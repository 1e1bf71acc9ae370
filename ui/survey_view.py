"""The survey page's choices (programme, question or theme, weighting, measure) and its sections as screens/survey
builds them."""

from __future__ import annotations

import streamlit as st

from analytics import survey
from core.i18n import Language
from etl.catalogue import source_text
from screens import survey as screen
from screens.reading import Read
from ui import charts, links
from ui.downloads import chart_downloads, table_downloads
from ui.text import plain


def pick_unit(prog: screen.Programme, lang: Language) -> tuple[str, str, bool, str]:
    """Questions or themes, which one, weighted or not, which measure: (kind, unit, weighted, measure). The page
    stops with a hint while no question is picked."""
    kinds = prog.kinds
    kind = links.radio(lang.t("sv_level"), kinds, format_func=lambda x: lang.t(f"sv_level_{x}"), horizontal=True,
                       key="sv_level", param="level") if len(kinds) > 1 else "item"
    units = prog.units(kind, lang)
    unit = links.selectbox(lang.t("sv_theme" if kind == "theme" else "sv_question"), list(units),
                           format_func=lambda u: units.get(u, u), key="sv_unit", param="q",
                           placeholder=lang.t("sv_pick_question")) if units else None
    columns = st.columns(2)
    weighted = links.toggle(lang.t("sv_weighted"), key="sv_weighted", param="weighted", default=True,
                            container=columns[0]) if prog.has_respondents else True
    measures = prog.measures
    measure = links.radio(lang.t("sv_measure"), measures, format_func=lambda m: lang.t(f"sv_measure_{m}"),
                          horizontal=True, key="sv_measure", param="measure",
                          container=columns[1]) if measures else "value"
    if unit is None:
        st.info(lang.t("sv_pick_question"))
        st.stop()
    return kind, unit, weighted, measure


def figure(made: screen.Figure, lang: Language, key: str) -> None:
    """A chart under its title, with its downloads."""
    st.markdown(f"**{plain(made.title)}**")
    charts.show(made.fig, lang, key=key.replace("-", "_"))
    chart_downloads(made.fig, made.meta, key=key)


def by_country(v: screen.View) -> None:
    """1. By country: the latest wave of every country."""
    lang = v.lang
    st.subheader(lang.t("sv_by_country"))
    made = screen.by_country(v)
    if made is None:
        st.info(lang.t("sv_empty"))
        return
    if made.likert:
        figure(made.likert, lang, "sv-likert")
    figure(made.ci, lang, "sv-ci")
    st.table(made.table)
    table_downloads(made.export, v.export("by-country-table", v.measure_name), key="sv-table")
    st.caption(lang.t("sv_caveat"))


def themes(read: Read, v: screen.View) -> None:
    """2. Theme scores of one country (respondents' answers only)."""
    lang = v.lang
    if not (v.programme.has_respondents and v.programme.themes):
        return
    st.subheader(lang.t("sv_themes"))
    scores, countries = screen.theme_countries(read, v)
    if not countries:
        return
    iso3 = links.selectbox(lang.t("sv_country"), list(countries), format_func=lambda c: countries[c] or c,
                           key="sv_theme_country", param="theme_country")
    made, export = screen.theme_scores(v, scores, iso3, countries[iso3])
    figure(made, lang, "sv-themes")
    table_downloads(export, v.export("themes-table", lang.t("sv_measure_fav")), key="sv-themes-table")
    st.caption(lang.t("sv_theme_method"))


def breakdown(read: Read, v: screen.View, k: int) -> None:
    """3. One country by the groups of one dimension; groups under `k` respondents are named, never shown."""
    lang = v.lang
    st.subheader(lang.t("sv_breakdown"))
    dims = read(survey.dimensions, v.programme.source_id)
    if not dims:
        st.info(lang.t("sv_no_breakdowns"))
        return
    columns = st.columns(2)
    with columns[1]:
        dimension = links.selectbox(lang.t("sv_dimension"), dims, key="sv_dimension", param="by",
                                    format_func=lambda d: screen.dimension_name(d, lang))
    groups, with_groups = screen.breakdown_countries(read, v, dimension)
    with columns[0]:
        iso3 = links.selectbox(lang.t("sv_country"), with_groups.index.tolist(),
                               format_func=lambda c: with_groups.get(c) or c, key="sv_break_country",
                               param="by_country")
    made = screen.breakdown(v, groups, iso3, with_groups.get(iso3, iso3), dimension)
    if made.chart:
        figure(made.chart, lang, "sv-breakdown")
        table_downloads(made.export, v.export("breakdown-table", v.measure_name), key="sv-breakdown-table")
    if made.hidden:
        st.caption(plain(lang.t("sv_hidden_groups", k=k, groups=", ".join(made.hidden))))


def waves(v: screen.View) -> None:
    """4. The waves of one country, and whether each change is beyond the margin of error."""
    lang = v.lang
    st.subheader(lang.t("sv_waves"))
    several, names = screen.wave_countries(v)
    if not several:
        st.info(lang.t("sv_one_wave"))
        return
    iso3 = links.selectbox(lang.t("sv_country"), several, format_func=lambda c: names.get(c) or c,
                           key="sv_wave_country", param="wave_country")
    made = screen.waves(v, iso3, names.get(iso3) or iso3)
    figure(made.chart, lang, "sv-waves")
    st.dataframe(made.changes, hide_index=True, width="stretch")
    table_downloads(made.export, v.export("waves-table", v.measure_name), key="sv-waves-table")


def about(read: Read, v: screen.View) -> None:
    """5. The programme's source, edition, licence and citation, and every wave loaded."""
    lang, row = v.lang, v.programme.row
    st.subheader(lang.t("sv_about"))
    st.markdown(plain(lang.t("sv_about_text", source=source_text(row["name"], lang), edition=row["edition"],
                             licence=source_text(row["licence"], lang))))
    st.caption(plain(source_text(row["citation"], lang)))
    st.dataframe(screen.waves_table(read, v.programme.source_id, lang), hide_index=True, width="stretch")
    st.caption(lang.t("sv_method"))

