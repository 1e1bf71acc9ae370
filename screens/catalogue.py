"""The catalogue screen: every indicator with its meaning, source and hub coverage; one indicator's coverage grid."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from analytics import compare
from analytics.selection import Selection
from charts import compare as cc
from core.i18n import Language
from etl.catalogue import source_text
from reports.meta import ExportMeta
from screens import common
from screens.reading import Read

COVERAGE_WORDS = ("absent", "missing", "value")


@dataclass(frozen=True)
class Listing:
    """The catalogue as the reader sees it, and what its exports carry."""

    table: pd.DataFrame
    meta: ExportMeta


@dataclass(frozen=True)
class Coverage:
    """One indicator's values and gaps for the countries of one group, year by year."""

    row: pd.Series  # the indicator
    fig: go.Figure
    note: str
    sources: pd.DataFrame
    years: str  # "2002–2023"
    meta: ExportMeta
    grid: pd.DataFrame  # country x year, each cell a word


def listing(read: Read, indicators: pd.DataFrame, sel: Selection, lang: Language) -> Listing:
    lang = Language(lang)
    hub = read(compare.hub_members)
    catalogue = indicators.merge(read(compare.hub_coverage, sel=sel), on="code", how="left")
    sources = read(compare.sources_of, list(indicators["code"]), sel=sel)
    table = pd.DataFrame({
        lang.t("cmp_prof_indicator"): lang.column(catalogue, "name"),
        lang.t("cmp_cat_code"): catalogue["code"],
        lang.t("theme"): lang.column(catalogue, "theme"),
        lang.t("cmp_cat_definition"): lang.column(catalogue, "definition"),
        lang.t("unit"): lang.column(catalogue, "unit"),
        lang.t("cmp_cat_direction"): [lang.t("cmp_higher_better") if h else lang.t("cmp_lower_better")
                                      for h in catalogue["higher_is_better"]],
        lang.t("col_source"): [source_text(s, lang) + (f" · {lang.t('demo_tag')}" if d else "")
                               for s, d in zip(catalogue["source"], catalogue["is_demo"], strict=True)],
        lang.t("edition").capitalize(): catalogue["edition"],
        lang.t("cmp_cat_licence"): catalogue["licence"].map(lambda s: source_text(s, lang)),
        lang.t("cmp_cat_citation"): catalogue["citation"].map(lambda c: source_text(c, lang)),
        lang.t("cmp_cat_years"): [f"{a}–{b}" for a, b in zip(catalogue["first_year"], catalogue["last_year"],
                                                               strict=True)],
        lang.t("cmp_cat_countries"): catalogue["countries"],
        lang.t("cmp_cat_hub_coverage"): [
            lang.t("cmp_cat_hub_cov_value", n=int(n), N=len(hub), year=int(y)) if pd.notna(y) else lang.t("missing")
            for n, y in zip(catalogue["hub_latest"].fillna(0), catalogue["hub_latest_year"], strict=True)],
    })
    meta = common.export_meta(lang.t("cmp_cat_list_title"), lang.t("cmp_cat_subtitle"), sources, lang,
                              "indicator-catalogue")
    return Listing(table, meta)


def coverage(read: Read, indicators: pd.DataFrame, code: str, group: tuple[str, list[str]], sel: Selection,
             lang: Language) -> Coverage:
    """`group` is (its name in `lang`, its members); `sel` the editions in use (the breakdown is the indicator's)."""
    lang = Language(lang)
    group_name, members = group[0], sorted(group[1])
    row = indicators.set_index("code").loc[code]
    sel = replace(sel, breakdown=row["breakdown"])  # the total, or the group an indicator published only by group is
    country_names = pd.Series(common.names(read(compare.countries), lang)).reindex(members)  # listed by
    country_names = country_names.fillna(pd.Series(members, index=members))
    matrix = read(compare.coverage, code, members, sel=sel)
    years = common.year_span(row["first_year"], row["last_year"])
    sources = read(compare.sources_of, [code], sel=sel)
    fig = cc.coverage_matrix(matrix, country_names, years, lang, bool(sources["is_demo"].any()))
    have = matrix[matrix["status"] == "value"]
    note = lang.t("cmp_cat_matrix_note", countries=have["iso3"].nunique(), N=len(members), cells=len(have),
                  total=len(members) * len(years))
    span = f"{years[0]}–{years[-1]}"
    title = f"{lang.t('cmp_cat_matrix_title')}: {lang.pick(row, 'name')}, {group_name}"
    meta = common.export_meta(title, lang.t("cmp_subtitle", year=span, edition=", ".join(sources["edition"])),
                              sources, lang, f"coverage-{code}")
    grid = matrix.pivot(index="iso3", columns="year", values="status").reindex(index=members, columns=years)
    words = {s: lang.t(f"cmp_cov_{s}") for s in COVERAGE_WORDS}
    grid = grid.astype(object).fillna("absent").replace(words).rename(index=country_names.to_dict())
    grid = grid.reset_index(names=lang.t("country"))
    grid.columns = [str(c) for c in grid.columns]
    return Coverage(row, fig, note, sources, span, meta, grid)
