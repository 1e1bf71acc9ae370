"""Problems of an uploaded file on screen: in the interface language (core.i18n.Language.problem), located, and
counted when cut short."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import Problem
from core.i18n import Language
from etl.read.cells import cell_text

SHOWN = 200  # problems listed in a table; a line says how many more the downloadable report holds


def describe(p: Problem, lang: Language) -> str:
    """One line: where, what, the value and what to do, in `lang` (for a warning to accept)."""
    return Language(lang).problem_line(p)


def table(problems: list[Problem], lang: Language) -> pd.DataFrame:
    lang = Language(lang)
    return pd.DataFrame({
        lang.t("up_col_severity"): [lang.t(f"up_severity_{p.severity}") for p in problems],
        lang.t("up_col_file"): [p.file for p in problems],
        lang.t("up_col_sheet"): [p.sheet or "" for p in problems],
        lang.t("up_col_row"): [p.row for p in problems],
        lang.t("up_col_column"): [p.column or "" for p in problems],
        lang.t("up_col_value"): [cell_text(p.value) for p in problems],
        lang.t("up_col_problem"): [lang.problem(p) for p in problems],
        lang.t("up_col_hint"): [lang.hint(p) for p in problems],
    }).astype({lang.t("up_col_row"): "Int64"})


def show(problems: list[Problem], lang: Language) -> None:
    """The problems as a table: the first SHOWN, then a line saying how many more there are."""
    lang = Language(lang)
    st.dataframe(table(problems[:SHOWN], lang), hide_index=True, width="stretch")
    if len(problems) > SHOWN:
        st.caption(lang.t("up_more_listed", shown=lang.n(SHOWN, 0), more=lang.n(len(problems) - SHOWN, 0)))
