"""Deep links: a page opened as a fresh server's first request still runs inside the router (dashboard.py)."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    """Streamlit runs a `pages/` folder next to the main script the old way (each file alone, no sidebar,
    no language switch) until some run calls st.navigation. A deep link such as /compare?cmp_year=2020 as a
    server's first request would land there; switch to the router and run again, keeping the URL's page."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
