"""Cached survey queries for the survey page, keyed by the live store version (see ui/data.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import survey
from ui.data import cursor


@st.cache_data(show_spinner=False, max_entries=8)
def programmes(path: str) -> pd.DataFrame:
    return survey.programmes(cursor(path))


@st.cache_data(show_spinner=False, max_entries=16)
def questions(path: str, source_id: str) -> pd.DataFrame:
    return survey.questions(cursor(path), source_id)


@st.cache_data(show_spinner=False, max_entries=16)
def surveys(path: str, source_id: str) -> pd.DataFrame:
    return survey.surveys(cursor(path), source_id)


@st.cache_data(show_spinner=False, max_entries=16)
def dimensions(path: str, source_id: str) -> list[str]:
    return survey.dimensions(cursor(path), source_id)


@st.cache_data(show_spinner=False, max_entries=64)
def results(path: str, source_id: str, kind: str, codes: tuple[str, ...] | None, dimension: str | None,
            weighted: bool) -> pd.DataFrame:
    """Results already made safe (hidden figures empty): nothing else reaches the page."""
    return survey.results(cursor(path), source_id, kind, list(codes) if codes else None, dimension, weighted)
