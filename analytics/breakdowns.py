"""Breakdowns (sex, level of government, respondent group...) present in the store, with readable labels."""

from __future__ import annotations

import duckdb
import pandas as pd

from core.i18n import Language
from store.queries import sql

QUERIES = "analytics/breakdowns"

TOTAL = ""


def present(con: duckdb.DuckDBPyConnection, code: str | None = None, iso3: str | None = None) -> pd.DataFrame:
    """The breakdowns of the editions in use, of one indicator and/or one country (None: any), total first.

    Columns: breakdown ('' = the total), indicators, countries, values (rows with a value)."""
    return con.execute(sql(QUERIES, "present"), {"code": code, "iso3": iso3}).df()


def label_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Readable names of dimensions (empty code) and codes (data/reference/breakdown_labels.csv)."""
    return con.execute(sql(QUERIES, "label_table")).df()


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
