"""Civil-servant surveys: results by country, theme scores, breakdowns and waves, never from a small group."""

import numpy as np
import pandas as pd
import streamlit as st

from analytics import survey
from charts import survey as survey_charts
from etl.catalogue import source_text
from etl.recipes.survey import NOT_STATED
from reports.meta import ExportMeta, SourceNote
from ui import charts, compare_data, data, links, state, survey_data
from ui import compare_widgets as w
from ui.downloads import chart_downloads, table_downloads
from ui.router import ensure_router
from ui.text import plain

ensure_router()  # a deep link to this page on a fresh server still gets the router

lang = state.lang()
path = data.version()
k = survey.min_n()
name_col = lang.col("country")

st.title(lang.t("sv_title"))
st.caption(lang.t("sv_subtitle", k=k))

programmes = survey_data.programmes(path)
if programmes.empty:
    st.info(lang.t("sv_no_surveys"))
    st.stop()


def _programme_label(source_id: str) -> str:
    row = programmes.set_index("source_id").loc[source_id]
    demo = f" · {lang.t('demo_tag')}" if row["is_demo"] else ""
    return f"{source_text(row['name'], lang)} ({row['edition']}){demo}"


source_id = links.selectbox(lang.t("sv_programme"), list(programmes["source_id"]), format_func=_programme_label,
                            key="sv_programme", param="survey")
prog = programmes.set_index("source_id").loc[source_id]
is_demo = bool(prog["is_demo"])
has_respondents = bool(prog["has_respondents"])
bank = survey_data.questions(path, source_id)
themes = sorted(bank["theme"].dropna().unique().tolist())

kinds = ["item", "theme"] if has_respondents and themes else ["item"]
kind = links.radio(lang.t("sv_level"), kinds, format_func=lambda x: lang.t(f"sv_level_{x}"), horizontal=True,
                   key="sv_level", param="level") if len(kinds) > 1 else "item"
theme_label = dict(zip(bank["theme"], lang.column(bank, "theme"), strict=True))
if kind == "theme":
    units = themes
    unit_label = {u: theme_label.get(u, u) for u in units}
else:
    units = bank["question_code"].tolist()
    unit_label = dict(zip(bank["question_code"], lang.column(bank, "label"), strict=True))
unit = links.selectbox(lang.t("sv_theme" if kind == "theme" else "sv_question"), units,
                       format_func=lambda u: unit_label.get(u, u), key="sv_unit", param="q",
                       placeholder=lang.t("sv_pick_question")) if units else None
columns = st.columns(2)
weighted = links.toggle(lang.t("sv_weighted"), key="sv_weighted", param="weighted", default=True,
                        container=columns[0]) if has_respondents else True
measures = ["fav", "mean", "index"] if has_respondents else []
measure = links.radio(lang.t("sv_measure"), measures, format_func=lambda m: lang.t(f"sv_measure_{m}"),
                      horizontal=True, key="sv_measure", param="measure", container=columns[1]) if measures else "value"
if unit is None:
    st.info(lang.t("sv_pick_question"))
    st.stop()

frame = survey_data.results(path, source_id, kind, (unit,), None, weighted)
if frame.empty:
    st.info(lang.t("sv_empty"))
    st.stop()
title = unit_label.get(unit, unit)
if measure == "value":  # published figures only: as the publisher gives them
    frame = frame.assign(value_se=(frame["upper"] - frame["lower"]) / (2 * survey.Z95))
    published_measure = frame["measure"].dropna().iloc[0] if frame["measure"].notna().any() else "share"
    measure_name = lang.t({"share": "sv_measure_share", "mean": "sv_measure_published_mean",
                      "index": "sv_measure_published_index"}[published_measure])
    chart_measure = "share" if published_measure == "share" else "mean"
    value_cols = ("value", "lower", "upper")
else:
    measure_name = lang.t(f"sv_measure_{measure}")
    chart_measure = measure
    value_cols = (measure, f"{measure}_lower", f"{measure}_upper")
programme_name, licence = source_text(prog["name"], lang), source_text(prog["licence"], lang)
meta_sources = (SourceNote(name=programme_name, edition=prog["edition"], licence=licence,
                           citation=source_text(prog["citation"], lang)),)


# Which hub participants the average is over (confirmed only by default), said in the label of every chart.
hub_set = w.hub_set_picker(compare_data.membership(path), w.own_group_kept(lang), lang)
members = set(hub_set.members)


def _flag(row: pd.Series) -> str:
    """How a country's value compares with the average: above / below / same / untested."""
    if not row["tested"]:
        return "untested"
    return ("above" if row["difference"] > 0 else "below") if row["significant"] else "same"


def dimension_name(dimension: str) -> str:
    """A breakdown's name in the reader's language where the catalogue knows it (sv_dim_*), else as the file has it."""
    key = f"sv_dim_{dimension}"
    return lang.t(key) if lang.has(key) else dimension.replace("_", " ")


def group_name(group: str) -> str:
    """A group as the reader sees it: 'All respondents' and 'not stated' translated, other groups as written."""
    return {survey.ALL: lang.t("sv_all"), NOT_STATED: lang.t("sv_not_stated")}.get(group, group)


def _average_label(average_of: str) -> str:
    return hub_set.short(lang) if average_of == "hub" else lang.t("sv_hub_average")


def export(table: pd.DataFrame, stem: str, subtitle: str) -> ExportMeta:
    return ExportMeta(title=title, subtitle=subtitle, sources=meta_sources, is_demo=is_demo, lang=lang,
                      file_stem=f"survey-{stem}")


# 1. By country: the latest wave of every country --------------------------------------------------------------
st.subheader(lang.t("sv_by_country"))
national = frame[(frame["group_name"] == survey.ALL) & ~frame["is_suppressed"].astype(bool)]
latest = national.sort_values("year").groupby("iso3", as_index=False).tail(1)
latest = latest[latest[value_cols[0]].notna()].sort_values(value_cols[0], ascending=False)
if latest.empty:
    st.info(lang.t("sv_empty"))
else:
    labels = [f"{c} ({y})" for c, y in zip(latest[name_col].fillna(latest["iso3"]), latest["year"], strict=True)]
    if measure == "fav" and latest["neu"].notna().all():
        fig = survey_charts.likert_bars(latest, labels, lang, is_demo)
        st.markdown(f"**{plain(lang.t('sv_likert_title', q=title))}**")
        charts.show(fig, lang, key="sv_likert")
        chart_downloads(fig, export(latest, "likert", measure_name), key="sv-likert")
    compared = survey.vs_hub(frame, value_cols[0], members) if len(latest) > 1 else None
    flags = ["same"] * len(latest)
    average, average_label = None, ""
    if compared is not None:
        sig = compared.set_index("iso3")
        flags = [_flag(sig.loc[i]) for i in latest["iso3"]]
        average = float(sig["hub_average"].iloc[0])
        average_label = _average_label(sig["average_of"].iloc[0])
    fig = survey_charts.ci_chart(labels, latest[value_cols[0]], latest[value_cols[1]], latest[value_cols[2]],
                                 latest["n"], chart_measure, lang, is_demo, average=average, flags=flags,
                                 average_label=average_label)
    st.markdown(f"**{plain(lang.t('sv_ci_title', q=title, m=measure_name))}**")
    charts.show(fig, lang, key="sv_ci")
    chart_downloads(fig, export(latest, "by-country", measure_name), key="sv-ci")
    decimals = 4 if chart_measure in ("fav", "share") else 2
    verdict = {"above": lang.t("sv_above_hub"), "below": lang.t("sv_below_hub"),
               "same": lang.t("sv_not_different"), "untested": lang.t("sv_not_tested")}
    table = pd.DataFrame({
        # st.table renders its cells as Markdown: names from the file are made literal
        lang.t("sv_col_country"): [plain(c) for c in latest[name_col].fillna(latest["iso3"])],
        lang.t("sv_col_year"): latest["year"].astype(int).to_numpy(),
        lang.t("sv_col_value"): [lang.n(v, decimals) for v in latest[value_cols[0]]],
        lang.t("sv_col_lower"): [lang.n(v, decimals) for v in latest[value_cols[1]]],
        lang.t("sv_col_upper"): [lang.n(v, decimals) for v in latest[value_cols[2]]],
        lang.t("sv_col_n"): [lang.n(v, 0) for v in latest["n"]],
        lang.t("sv_col_weighted_n"): [lang.n(v, 1) for v in latest["weighted_n"]],
        lang.t("sv_col_vs_hub"): [verdict[f] for f in flags] if compared is not None else "—",
        lang.t("sv_col_origin"): [lang.t(f"sv_origin_{o}") for o in latest["origin"]],
    })
    st.table(table.set_index(lang.t("sv_col_country")))
    table_downloads(survey.export_table(latest, lang), export(latest, "by-country-table", measure_name),
                    key="sv-table")
    st.caption(lang.t("sv_caveat"))

# 2. Theme scores of one country ---------------------------------------------------------------------------------
if has_respondents and themes:
    st.subheader(lang.t("sv_themes"))
    scores = survey_data.results(path, source_id, "theme", None, None, weighted)
    shown = scores[(scores["group_name"] == survey.ALL) & ~scores["is_suppressed"].astype(bool)]
    countries = shown.drop_duplicates("iso3").set_index("iso3")[name_col].to_dict()
    if countries:
        iso3 = links.selectbox(lang.t("sv_country"), list(countries), format_func=lambda c: countries[c] or c,
                               key="sv_theme_country", param="theme_country")
        hub = survey.vs_hub(scores, "fav", members)
        mine = hub[hub["iso3"] == iso3].sort_values("unit")
        fig = survey_charts.ci_chart([theme_label.get(u, u) for u in mine["unit"]], mine["fav"], mine["fav_lower"],
                                     mine["fav_upper"], mine["n"], "fav", lang, is_demo,
                                     flags=[_flag(r) for _, r in mine.iterrows()],
                                     averages=mine["hub_average"].to_numpy(),
                                     average_label=_average_label(mine["average_of"].iloc[0]) if len(mine) else "")
        year = int(mine["year"].max()) if len(mine) else ""
        st.markdown(f"**{plain(lang.t('sv_theme_title', c=countries[iso3], y=year))}**")
        charts.show(fig, lang, key="sv_themes")
        chart_downloads(fig, export(mine, "themes", lang.t("sv_measure_fav")), key="sv-themes")
        table_downloads(survey.export_table(mine, lang), export(mine, "themes-table", lang.t("sv_measure_fav")),
                        key="sv-themes-table")
        st.caption(lang.t("sv_theme_method"))

# 3. Breakdown of one country by one group -------------------------------------------------------------------
st.subheader(lang.t("sv_breakdown"))
dims = survey_data.dimensions(path, source_id)
if not dims:
    st.info(lang.t("sv_no_breakdowns"))
else:
    columns = st.columns(2)
    with columns[1]:
        dimension = links.selectbox(lang.t("sv_dimension"), dims, key="sv_dimension", param="by",
                                    format_func=dimension_name)
    groups = survey_data.results(path, source_id, kind, (unit,), dimension, weighted)
    with_groups = groups[groups["group_name"] != survey.ALL].drop_duplicates("iso3").set_index("iso3")[name_col]
    with columns[0]:
        iso3 = links.selectbox(lang.t("sv_country"), with_groups.index.tolist(),
                               format_func=lambda c: with_groups.get(c) or c, key="sv_break_country",
                               param="by_country")
    groups = groups[groups["iso3"] == iso3]
    groups = groups[groups["year"] == groups["year"].max()]
    visible = groups[~groups["is_suppressed"].astype(bool)]
    hidden = groups.loc[groups["is_suppressed"].astype(bool) & (groups["group_name"] != survey.ALL), "group_name"]
    if len(visible):
        group_labels = [group_name(g) for g in visible["group_name"]]
        fig = survey_charts.ci_chart(group_labels, visible[value_cols[0]], visible[value_cols[1]],
                                     visible[value_cols[2]], visible["n"], chart_measure, lang, is_demo)
        st.markdown(f"**{plain(lang.t('sv_breakdown_title', q=title, c=with_groups.get(iso3, iso3), y=int(groups['year'].max()), d=dimension_name(dimension)))}**")  # noqa: E501
        charts.show(fig, lang, key="sv_breakdown")
        chart_downloads(fig, export(visible, "breakdown", measure_name), key="sv-breakdown")
        table_downloads(survey.export_table(groups, lang), export(groups, "breakdown-table", measure_name),
                        key="sv-breakdown-table")
    if len(hidden):
        st.caption(plain(lang.t("sv_hidden_groups", k=k, groups=", ".join(sorted(map(group_name, hidden))))))

# 4. Waves of one country ----------------------------------------------------------------------------------------
st.subheader(lang.t("sv_waves"))
counts = national.groupby("iso3")["year"].nunique()
several = counts[counts > 1].index.tolist()
if not several:
    st.info(lang.t("sv_one_wave"))
else:
    names = national.drop_duplicates("iso3").set_index("iso3")[name_col].to_dict()
    iso3 = links.selectbox(lang.t("sv_country"), several, format_func=lambda c: names.get(c) or c,
                           key="sv_wave_country", param="wave_country")
    waves = national[national["iso3"] == iso3].sort_values("year").drop_duplicates("year", keep="last")
    waves = waves[waves[value_cols[0]].notna()]
    fig = survey_charts.waves_chart(waves, *value_cols, chart_measure, lang, is_demo)
    st.markdown(f"**{plain(lang.t('sv_waves_title', q=title, c=names.get(iso3) or iso3))}**")
    charts.show(fig, lang, key="sv_waves")
    chart_downloads(fig, export(waves, "waves", measure_name), key="sv-waves")
    se_col = f"{value_cols[0]}_se"
    change = survey.wave_change(waves.assign(**{se_col: waves[se_col] if se_col in waves else
                                                (waves["upper"] - waves["lower"]) / (2 * survey.Z95)}),
                                value_cols[0])
    decimals = 4 if chart_measure in ("fav", "share") else 2
    st.dataframe(pd.DataFrame({
        lang.t("sv_col_from"): change["from_year"].astype(int),
        lang.t("sv_col_to"): change["to_year"].astype(int),
        lang.t("sv_col_change"): [lang.n(v, decimals) for v in change["change"]],
        lang.t("sv_col_significant"): [lang.t("sv_yes" if s else "sv_no") if np.isfinite(se) else "—"
                                        for s, se in zip(change["significant"], change["change_se"], strict=True)],
    }), hide_index=True, width="stretch")
    table_downloads(survey.safe_cells(change), export(change, "waves-table", measure_name), key="sv-waves-table")

# 5. About this data ------------------------------------------------------------------------------------------------
st.subheader(lang.t("sv_about"))
st.markdown(plain(lang.t("sv_about_text", source=programme_name, edition=prog["edition"], licence=licence)))
st.caption(plain(source_text(prog["citation"], lang)))
waves_meta = survey_data.surveys(path, source_id)
st.dataframe(pd.DataFrame({
    lang.t("sv_col_country"): waves_meta[name_col].fillna(waves_meta["iso3"]),
    lang.t("sv_col_year"): waves_meta["year"].astype(int),
    lang.t("sv_col_fieldwork"): [f"{a:%Y-%m-%d} – {b:%Y-%m-%d}" if pd.notna(a) and pd.notna(b) else "—"
                                  for a, b in zip(waves_meta["fieldwork_start"], waves_meta["fieldwork_end"],
                                                  strict=True)],
    lang.t("sv_col_population"): [lang.n(None if pd.isna(v) else float(v), 0) for v in waves_meta["population"]],
    lang.t("sv_col_response_rate"): [lang.n(None if pd.isna(v) else float(v), 2)
                                      for v in waves_meta["response_rate"]],
    lang.t("sv_col_level"): [lang.t(f"sv_level_is_{lv}") for lv in waves_meta["level"]],
}), hide_index=True, width="stretch")
st.caption(lang.t("sv_method"))
