"""The opening shared by the compare, profile and catalogue pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import Language
from ui import compare_data, data, router, state
from ui import compare_widgets as w


def start(page: str) -> tuple[str, str]:
    """Router, language and address state of an analysis page; returns (lang, store path)."""
    router.ensure_router()
    lang = state.lang()
    w.relabel_after_language_change(lang)
    w.carry_over(page)
    return lang, data.version()


def indicators_or_stop(path: str, lang: Language) -> pd.DataFrame:
    """The indicators in the store; the page stops with an explanation when there are none."""
    indicators = compare_data.indicators(path)
    if indicators.empty:
        st.info(lang.t("cmp_no_data"))
        st.stop()
    return indicators
