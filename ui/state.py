"""Per-session view state kept in the URL, so a copied address reproduces the view."""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES


def lang() -> str:
    """The interface language: from the URL (`?lang=ru`), else English."""
    chosen = st.query_params.get("lang", "en")
    return chosen if chosen in LANGUAGES else "en"


def set_lang(value: str) -> None:
    st.query_params["lang"] = value
