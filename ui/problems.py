"""Problems of an uploaded file on screen: in the interface language, located, and counted when cut short."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import Problem
from core.i18n import STRINGS, number, t
from etl.harmonise.countries import country_name
from etl.read.cells import cell_text

SHOWN = 200  # problems listed in a table; a line says how many more the downloadable report holds


def _params(p: Problem, lang: str) -> dict[str, object]:
    """A problem's parameters for the text of `lang`: names of scales and roles translated, numbers formatted."""
    out = {}
    for name, value in p.params.items():
        key = f"sf_{name}_{value}"
        if name in ("scale", "role") and key in STRINGS:
            value = t(key, lang)
        elif name == "country":  # an ISO3 code: the country's everyday name in `lang`
            value = country_name(str(value), lang)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = number(value, 0, lang)
        out[name] = value
    return out


def message(p: Problem, lang: str) -> str:
    """The problem in `lang` when it has a code with a text; otherwise as the reader wrote it (English)."""
    key = f"pr_{p.code}"
    return t(key, lang, **_params(p, lang)) if p.code and key in STRINGS else p.message


def hint(p: Problem, lang: str) -> str:
    key = f"pr_{p.code}_hint"
    if p.code and key in STRINGS:
        return t(key, lang, **_params(p, lang))
    return "" if p.code and f"pr_{p.code}" in STRINGS else p.hint


def location(p: Problem, lang: str) -> str:
    parts = [p.file or "?"]
    if p.sheet:
        parts.append(t("pr_at_sheet", lang, sheet=p.sheet))
    if p.row is not None:
        parts.append(t("pr_at_row", lang, row=p.row))
    if p.column:
        parts.append(t("pr_at_column", lang, column=p.column))
    return ", ".join(parts)


def describe(p: Problem, lang: str) -> str:
    """One line: where, what, the value and what to do, in `lang` (for a warning to accept)."""
    text = f"{location(p, lang)}: {message(p, lang)}"
    value = cell_text(p.value)
    if value:
        text += " " + t("pr_value", lang, value=value)
    tip = hint(p, lang)
    return text + (f". {tip}" if tip else "")


def table(problems: list[Problem], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("up_col_severity", lang): [t(f"up_severity_{p.severity}", lang) for p in problems],
        t("up_col_file", lang): [p.file for p in problems],
        t("up_col_sheet", lang): [p.sheet or "" for p in problems],
        t("up_col_row", lang): [p.row for p in problems],
        t("up_col_column", lang): [p.column or "" for p in problems],
        t("up_col_value", lang): [cell_text(p.value) for p in problems],
        t("up_col_problem", lang): [message(p, lang) for p in problems],
        t("up_col_hint", lang): [hint(p, lang) for p in problems],
    }).astype({t("up_col_row", lang): "Int64"})


def show(problems: list[Problem], lang: str) -> None:
    """The problems as a table: the first SHOWN, then a line saying how many more there are."""
    st.dataframe(table(problems[:SHOWN], lang), hide_index=True, width="stretch")
    if len(problems) > SHOWN:
        st.caption(t("pr_more_listed", lang, shown=number(SHOWN, 0, lang),
                     more=number(len(problems) - SHOWN, 0, lang)))
