"""Per-session view state; widgets bound to the URL keep it in a copied address."""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES

LANG_KEY = "lang"


def lang() -> str:
    """The interface language: the sidebar radio's choice (which the URL carries), else English."""
    chosen = st.session_state.get(LANG_KEY, "en")
    return chosen if chosen in LANGUAGES else "en"
