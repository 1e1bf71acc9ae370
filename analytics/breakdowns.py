"""Breakdowns (sex, level of government, respondent group...) present in the store, with readable labels."""

from __future__ import annotations

import duckdb
import pandas as pd

from core.i18n import Language

TOTAL = ""


def present(con: duckdb.DuckDBPyConnection, code: str | None = None, iso3: str | None = None) -> pd.DataFrame:
    """The breakdowns of the editions in use, of one indicator and/or one country (None: any), total first.

    Columns: breakdown ('' = the total), indicators, countries, values (rows with a value)."""
    return con.execute("""
        SELECT breakdown, count(DISTINCT indicator_code) AS indicators, count(DISTINCT iso3) AS countries,
               count(value) AS values
        FROM observation_chosen
        WHERE ($code IS NULL OR indicator_code = $code) AND ($iso3 IS NULL OR iso3 = $iso3)
        GROUP BY breakdown ORDER BY breakdown <> '', breakdown
    """, {"code": code, "iso3": iso3}).df()


def label_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Readable names of dimensions (empty code) and codes (data/reference/breakdown_labels.csv)."""
    return con.execute("SELECT dimension, code, name_en, name_ru FROM breakdown_label").df()


def label(breakdown: str, labels: pd.DataFrame, lang: Language) -> str:
    """'sex=F' -> 'Sex: Women'; 'level_of_government=central;sex=F' -> 'Level of government: Central government ·
    Sex: Women'; '' -> 'Total'. A dimension or code without a label is shown as written."""
    lang = Language(lang)
    if breakdown == TOTAL:
        return lang.t("ds_total")
    names = {(r.dimension, r.code): lang.pick(r, "name") for r in labels.itertuples()}
    parts = []
    for pair in breakdown.split(";"):
        dimension, _, code = pair.partition("=")
        dim = names.get((dimension, "")) or dimension.replace("_", " ").capitalize()
        parts.append(f"{dim}: {names.get((dimension, code)) or code}")
    return " · ".join(parts)


def labels(breakdowns: list[str], table: pd.DataFrame, lang: str) -> dict[str, str]:
    return {b: label(b, table, lang) for b in breakdowns}
