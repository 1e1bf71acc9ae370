"""Per-session view state kept in the URL, so a copied address reproduces the view."""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES

LANG_KEY = "lang"


def lang() -> str:
    """The interface language: the sidebar's choice, else the URL's (`?lang=ru`), else English."""
    chosen = st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY, "en")
    return chosen if chosen in LANGUAGES else "en"
