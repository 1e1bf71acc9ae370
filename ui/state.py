"""Per-session view state; widgets bound to the URL keep it in a copied address."""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES
from ui import links

LANG_KEY = "lang"


def lang() -> str:
    """The interface language: the sidebar radio's choice, else English. The page's address carries its code
    (`?lang=ru`; the router's own write is lost when the navigation moves to the page, so each page writes it)."""
    arrived = links.incoming(LANG_KEY, LANG_KEY)  # a link's language (the sidebar radio reads it first when shown)
    if arrived in LANGUAGES:
        st.session_state[LANG_KEY] = arrived
    chosen = st.session_state.get(LANG_KEY, "en")
    chosen = chosen if chosen in LANGUAGES else "en"
    links.write(LANG_KEY, chosen, LANG_KEY)
    return chosen
