"""The opening shared by the compare, profile and catalogue pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import compare
from core.i18n import Language
from ui import compare_widgets as w
from ui import data, datasets, router


def start(page: str) -> tuple[Language, str]:
    """Router, language and address state of an analysis page; returns (lang, store path)."""
    lang, path = router.start()
    w.carry_over(page)
    return lang, path


def indicators_or_stop(path: str, lang: Language) -> pd.DataFrame:
    """The indicators in the store; the page stops with an explanation when there are none."""
    lang = Language(lang)
    # the editions picked in the sidebar
    indicators = data.read(path, compare.indicators, sel=datasets.selection())
    if indicators.empty:
        st.info(lang.t("cmp_no_data"))
        st.stop()
    return indicators
