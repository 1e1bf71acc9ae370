"""The opening shared by the compare, profile and catalogue pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import Language
from ui import compare_data, data, datasets, router, state
from ui import compare_widgets as w


def start(page: str) -> tuple[str, str]:
    """Router, language and address state of an analysis page; returns (lang, store path)."""
    router.ensure_router()
    lang = state.lang()
    w.carry_over(page)
    return lang, data.version()


def indicators_or_stop(path: str, lang: Language) -> pd.DataFrame:
    """The indicators in the store; the page stops with an explanation when there are none."""
    lang = Language(lang)
    indicators = compare_data.indicators(path, datasets.selection())  # the editions picked in the sidebar
    if indicators.empty:
        st.info(lang.t("cmp_no_data"))
        st.stop()
    return indicators


def default_indicator(indicators: pd.DataFrame) -> str:
    """The indicator a page opens on: of those that are not ranks (a hub average of ranks says little), the one
    reported by the most countries (a headline series, not one of an index's hundred sub-metrics)."""
    scores = indicators[~indicators["is_world_rank"].astype(bool)]  # store/views/world_ranks.sql
    scores = scores if len(scores) else indicators
    return str(scores.sort_values("countries", ascending=False, kind="stable")["code"].iloc[0])
