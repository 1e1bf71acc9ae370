"""The survey screen: results by country, theme scores, breakdowns and waves of one question or theme, never from a
small group (analytics.survey hides them before anything reaches a view)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import survey
from charts import survey as survey_charts
from core.i18n import Language
from core.text import markdown_literal
from etl.catalogue import source_text
from etl.recipes.survey import NOT_STATED
from reports.meta import ExportMeta, SourceNote
from screens.reading import Read


@dataclass(frozen=True)
class Programme:
    """A survey programme (a dataset of survey results) and its question bank."""

    source_id: str
    row: pd.Series  # of analytics.survey.programmes
    bank: pd.DataFrame  # its questions
    themes: list[str]
    theme_label: dict[str, str]  # theme -> its name in the reader's language

    @property
    def is_demo(self) -> bool:
        return bool(self.row["is_demo"])

    @property
    def has_respondents(self) -> bool:
        return bool(self.row["has_respondents"])

    @property
    def kinds(self) -> list[str]:
        """Questions one by one; theme scores too when respondents' answers are loaded."""
        return ["item", "theme"] if self.has_respondents and self.themes else ["item"]

    @property
    def measures(self) -> list[str]:
        """Measures computed from respondents' answers; none to choose for published results."""
        return ["fav", "mean", "index"] if self.has_respondents else []

    def units(self, kind: str, lang: Language) -> dict[str, str]:
        """The themes or the questions that can be picked, each with its name in `lang`."""
        if kind == "theme":
            return {u: self.theme_label.get(u, u) for u in self.themes}
        return dict(zip(self.bank["question_code"], Language(lang).column(self.bank, "label"), strict=True))


@dataclass(frozen=True)
class Figure:
    """A chart, its title, the data behind it for the table download, and what its exports carry."""

    fig: go.Figure
    title: str
    frame: pd.DataFrame
    meta: ExportMeta


@dataclass
class View:
    """The results of one question or theme in one programme, in one measure, against the hub set."""

    programme: Programme
    lang: Language
    kind: str
    unit: str
    weighted: bool
    frame: pd.DataFrame  # every country, wave and group: results already made safe
    title: str  # the question or theme
    measure: str  # fav, mean, index; "value" for published figures
    measure_name: str
    chart_measure: str
    value_cols: tuple[str, str, str]  # value, lower, upper
    members: set[str]  # the hub set the averages are over
    hub_short: str  # its short label

    @property
    def name_col(self) -> str:
        return self.lang.col("country")

    @property
    def decimals(self) -> int:
        return 4 if self.chart_measure in ("fav", "share") else 2

    @property
    def national(self) -> pd.DataFrame:
        """All respondents of each country and wave, not hidden."""
        f = self.frame
        return f[(f["group_name"] == survey.ALL) & ~f["is_suppressed"].astype(bool)]

    def sources(self) -> tuple[SourceNote, ...]:
        row, lang = self.programme.row, self.lang
        return (SourceNote(name=source_text(row["name"], lang), edition=row["edition"],
                           licence=source_text(row["licence"], lang), citation=source_text(row["citation"], lang)),)

    def export(self, stem: str, subtitle: str) -> ExportMeta:
        return ExportMeta(title=self.title, subtitle=subtitle, sources=self.sources(),
                          is_demo=self.programme.is_demo, lang=self.lang, file_stem=f"survey-{stem}")

    def flag(self, row: pd.Series) -> str:
        """How a country's value compares with the average: above / below / same / untested."""
        if not row["tested"]:
            return "untested"
        return ("above" if row["difference"] > 0 else "below") if row["significant"] else "same"

    def average_label(self, average_of: str) -> str:
        return self.hub_short if average_of == "hub" else self.lang.t("sv_hub_average")

    def group_name(self, group: str) -> str:
        """A group as the reader sees it: 'All respondents' and 'not stated' translated, other groups as written."""
        return {survey.ALL: self.lang.t("sv_all"), NOT_STATED: self.lang.t("sv_not_stated")}.get(group, group)


@dataclass(frozen=True)
class ByCountry:
    """The latest wave of every country: its value with its interval, against the hub average."""

    likert: Figure | None  # the answers' shares (favourable results only)
    ci: Figure
    table: pd.DataFrame  # as the reader reads it
    export: pd.DataFrame


@dataclass(frozen=True)
class Breakdown:
    """One country's latest wave by the groups of one dimension; `hidden` names the groups too small to show."""

    chart: Figure | None
    export: pd.DataFrame
    hidden: list[str]


@dataclass(frozen=True)
class Waves:
    chart: Figure
    changes: pd.DataFrame  # as the reader reads them
    export: pd.DataFrame


def verdicts(lang: Language) -> dict[str, str]:
    """How a country compares with the hub average, in words."""
    return {"above": lang.t("sv_above_hub"), "below": lang.t("sv_below_hub"), "same": lang.t("sv_not_different"),
            "untested": lang.t("sv_not_tested")}


def programme(read: Read, source_id: str, programmes: pd.DataFrame, lang: Language) -> Programme:
    row = programmes.set_index("source_id").loc[source_id]
    bank = read(survey.questions, source_id)
    return Programme(source_id, row, bank, sorted(bank["theme"].dropna().unique().tolist()),
                     dict(zip(bank["theme"], Language(lang).column(bank, "theme"), strict=True)))


def programme_label(programmes: pd.DataFrame, source_id: str, lang: Language) -> str:
    row = programmes.set_index("source_id").loc[source_id]
    demo = f" · {lang.t('demo_tag')}" if row["is_demo"] else ""
    return f"{source_text(row['name'], lang)} ({row['edition']}){demo}"


def results(read: Read, prog: Programme, kind: str, unit: str, weighted: bool) -> pd.DataFrame:
    """The results of `unit` in every country, wave and group, already made safe (hidden figures empty)."""
    return read(survey.results, prog.source_id, kind, [unit], None, weighted)


def view(prog: Programme, frame: pd.DataFrame, kind: str, unit: str, weighted: bool, measure: str,
         hub_members: set[str], hub_short: str, lang: Language) -> View:
    """The results of `unit` (`frame`, not empty) in `measure`, against the hub set."""
    lang = Language(lang)
    if measure == "value":  # published figures only: as the publisher gives them
        frame = frame.assign(value_se=(frame["upper"] - frame["lower"]) / (2 * survey.Z95))
        published = frame["measure"].dropna().iloc[0] if frame["measure"].notna().any() else "share"
        measure_name = {"share": lang.t("sv_measure_share"), "mean": lang.t("sv_measure_published_mean"),
                        "index": lang.t("sv_measure_published_index")}[published]
        chart_measure = "share" if published == "share" else "mean"
        value_cols = ("value", "lower", "upper")
    else:
        measure_name = lang.t(f"sv_measure_{measure}")
        chart_measure = measure
        value_cols = (measure, f"{measure}_lower", f"{measure}_upper")
    return View(prog, lang, kind, unit, weighted, frame, prog.units(kind, lang).get(unit, unit), measure, measure_name,
                chart_measure, value_cols, hub_members, hub_short)


def by_country(v: View) -> ByCountry | None:
    """None when no country has a value."""
    lang, (value, lower, upper) = v.lang, v.value_cols
    latest = v.national.sort_values("year").groupby("iso3", as_index=False).tail(1)
    latest = latest[latest[value].notna()].sort_values(value, ascending=False)
    if latest.empty:
        return None
    names = latest[v.name_col].fillna(latest["iso3"])
    labels = [f"{c} ({y})" for c, y in zip(names, latest["year"], strict=True)]
    likert = None
    if v.measure == "fav" and latest["neu"].notna().all():
        likert = Figure(survey_charts.likert_bars(latest, labels, lang, v.programme.is_demo),
                        lang.t("sv_likert_title", q=v.title), latest, v.export("likert", v.measure_name))
    compared = survey.vs_hub(v.frame, value, v.members) if len(latest) > 1 else None
    flags = ["same"] * len(latest)
    average, average_label = None, ""
    if compared is not None:
        tested = compared.set_index("iso3")
        flags = [v.flag(tested.loc[i]) for i in latest["iso3"]]
        average = float(tested["hub_average"].iloc[0])
        average_label = v.average_label(tested["average_of"].iloc[0])
    fig = survey_charts.ci_chart(labels, latest[value], latest[lower], latest[upper], latest["n"], v.chart_measure,
                                 lang, v.programme.is_demo, average=average, flags=flags, average_label=average_label)
    ci = Figure(fig, lang.t("sv_ci_title", q=v.title, m=v.measure_name), latest, v.export("by-country", v.measure_name))
    d = v.decimals
    table = pd.DataFrame({
        # st.table renders its cells as Markdown: names from the file are made literal
        lang.t("sv_col_country"): [markdown_literal(c) for c in names],
        lang.t("sv_col_year"): latest["year"].astype(int).to_numpy(),
        lang.t("sv_col_value"): [lang.n(x, d) for x in latest[value]],
        lang.t("sv_col_lower"): [lang.n(x, d) for x in latest[lower]],
        lang.t("sv_col_upper"): [lang.n(x, d) for x in latest[upper]],
        lang.t("sv_col_n"): [lang.n(x, 0) for x in latest["n"]],
        lang.t("sv_col_weighted_n"): [lang.n(x, 1) for x in latest["weighted_n"]],
        lang.t("sv_col_vs_hub"): [verdicts(lang)[f] for f in flags] if compared is not None else "—",
        lang.t("sv_col_origin"): [lang.t(f"sv_origin_{o}") for o in latest["origin"]],
    })
    return ByCountry(likert, ci, table.set_index(lang.t("sv_col_country")), survey.export_table(latest, lang))


def theme_countries(read: Read, v: View) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every theme score of every country (all respondents), and the countries that have one."""
    scores = read(survey.results, v.programme.source_id, "theme", None, None, v.weighted)
    shown = scores[(scores["group_name"] == survey.ALL) & ~scores["is_suppressed"].astype(bool)]
    return scores, shown.drop_duplicates("iso3").set_index("iso3")[v.name_col].to_dict()


def theme_scores(v: View, scores: pd.DataFrame, iso3: str, country: str) -> tuple[Figure, pd.DataFrame]:
    """One country's theme scores against the hub set's, and the table to download."""
    lang, label = v.lang, v.programme.theme_label
    hub = survey.vs_hub(scores, "fav", v.members)
    mine = hub[hub["iso3"] == iso3].sort_values("unit")
    fig = survey_charts.ci_chart([label.get(u, u) for u in mine["unit"]], mine["fav"], mine["fav_lower"],
                                 mine["fav_upper"], mine["n"], "fav", lang, v.programme.is_demo,
                                 flags=[v.flag(r) for _, r in mine.iterrows()], averages=mine["hub_average"].to_numpy(),
                                 average_label=v.average_label(mine["average_of"].iloc[0]) if len(mine) else "")
    year = int(mine["year"].max()) if len(mine) else ""
    fav = lang.t("sv_measure_fav")
    return (Figure(fig, lang.t("sv_theme_title", c=country, y=year), mine, v.export("themes", fav)),
            survey.export_table(mine, lang))


def dimension_name(dimension: str, lang: Language) -> str:
    """A breakdown's name in the reader's language where the catalogue knows it (sv_dim_*), else as the file has it."""
    key = f"sv_dim_{dimension}"
    return lang.t(key) if lang.has(key) else dimension.replace("_", " ")


def breakdown_countries(read: Read, v: View, dimension: str) -> tuple[pd.DataFrame, pd.Series]:
    """The results by the groups of `dimension`, and the countries (iso3 -> name) with groups."""
    groups = read(survey.results, v.programme.source_id, v.kind, [v.unit], dimension, v.weighted)
    with_groups = groups[groups["group_name"] != survey.ALL].drop_duplicates("iso3").set_index("iso3")[v.name_col]
    return groups, with_groups


def breakdown(v: View, groups: pd.DataFrame, iso3: str, country: str, dimension: str) -> Breakdown:
    lang, (value, lower, upper) = v.lang, v.value_cols
    groups = groups[groups["iso3"] == iso3]
    groups = groups[groups["year"] == groups["year"].max()]
    hidden = groups["is_suppressed"].astype(bool)
    visible = groups[~hidden]
    chart = None
    if len(visible):
        fig = survey_charts.ci_chart([v.group_name(g) for g in visible["group_name"]], visible[value],
                                     visible[lower], visible[upper], visible["n"], v.chart_measure, lang,
                                     v.programme.is_demo)
        title = lang.t("sv_breakdown_title", q=v.title, c=country, y=int(groups["year"].max()),
                       d=dimension_name(dimension, lang))
        chart = Figure(fig, title, visible, v.export("breakdown", v.measure_name))
    too_small = groups.loc[hidden & (groups["group_name"] != survey.ALL), "group_name"]
    return Breakdown(chart, survey.export_table(groups, lang), sorted(map(v.group_name, too_small)))


def wave_countries(v: View) -> tuple[list[str], dict[str, str]]:
    """The countries with more than one wave, and every country's name."""
    national = v.national
    counts = national.groupby("iso3")["year"].nunique()
    return (counts[counts > 1].index.tolist(),
            national.drop_duplicates("iso3").set_index("iso3")[v.name_col].to_dict())


def waves(v: View, iso3: str, country: str) -> Waves:
    """One country's waves, and each change from one wave to the next judged by its standard error."""
    lang, value = v.lang, v.value_cols[0]
    national = v.national
    found = national[national["iso3"] == iso3].sort_values("year").drop_duplicates("year", keep="last")
    found = found[found[value].notna()]
    fig = survey_charts.waves_chart(found, *v.value_cols, v.chart_measure, lang, v.programme.is_demo)
    chart = Figure(fig, lang.t("sv_waves_title", q=v.title, c=country), found, v.export("waves", v.measure_name))
    se_col = f"{value}_se"
    change = survey.wave_change(found.assign(**{se_col: found[se_col] if se_col in found else
                                                (found["upper"] - found["lower"]) / (2 * survey.Z95)}), value)
    changes = pd.DataFrame({
        lang.t("sv_col_from"): change["from_year"].astype(int),
        lang.t("sv_col_to"): change["to_year"].astype(int),
        lang.t("sv_col_change"): [lang.n(x, v.decimals) for x in change["change"]],
        lang.t("sv_col_significant"): [lang.t("sv_yes" if s else "sv_no") if np.isfinite(se) else "—"
                                       for s, se in zip(change["significant"], change["change_se"], strict=True)],
    })
    return Waves(chart, changes, survey.safe_cells(change))


def waves_table(read: Read, source_id: str, lang: Language) -> pd.DataFrame:
    """Every wave of the programme: country, year, fieldwork, population, response rate, what was loaded."""
    found = read(survey.surveys, source_id)
    return pd.DataFrame({
        lang.t("sv_col_country"): found[lang.col("country")].fillna(found["iso3"]),
        lang.t("sv_col_year"): found["year"].astype(int),
        lang.t("sv_col_fieldwork"): [f"{a:%Y-%m-%d} – {b:%Y-%m-%d}" if pd.notna(a) and pd.notna(b) else "—"
                                     for a, b in zip(found["fieldwork_start"], found["fieldwork_end"], strict=True)],
        lang.t("sv_col_population"): [lang.n(None if pd.isna(x) else float(x), 0) for x in found["population"]],
        lang.t("sv_col_response_rate"): [lang.n(None if pd.isna(x) else float(x), 2) for x in found["response_rate"]],
        lang.t("sv_col_level"): [lang.t(f"sv_level_is_{lv}") for lv in found["level"]],
    })
