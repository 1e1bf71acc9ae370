"""Per-session view state; widgets bound to the URL keep it in a copied address."""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES, Language
from core.settings import settings
from ui import links

LANG_KEY = "lang"


def default_language() -> Language:
    """The language of a first visit without ?lang= in the address (HUB_LANG, else LANG, else English)."""
    return Language(settings().lang)


def lang() -> Language:
    """The interface language: the sidebar radio's choice, else the default. The page's address carries its code
    (`?lang=kk`; the router's own write is lost when the navigation moves to the page, so each page writes it)."""
    arrived = links.incoming(LANG_KEY, LANG_KEY)  # a link's language (the sidebar radio reads it first when shown)
    if arrived in LANGUAGES:
        st.session_state[LANG_KEY] = arrived
    chosen = st.session_state.get(LANG_KEY)
    chosen = Language(chosen) if chosen in LANGUAGES else default_language()
    links.write(LANG_KEY, chosen.code, LANG_KEY)
    return chosen
