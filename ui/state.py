"""Per-session view state; widgets bound to the URL keep it in a copied address."""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES, Language
from core.settings import settings

LANG_KEY = "lang"


def default_language() -> Language:
    """The language of a first visit without ?lang= in the address (HUB_LANG, else LANG, else English)."""
    return Language(settings().lang)


def lang() -> Language:
    """The interface language of this page run: the sidebar radio's choice (which the URL carries)."""
    chosen = st.session_state.get(LANG_KEY)
    return Language(chosen) if chosen in LANGUAGES else default_language()
