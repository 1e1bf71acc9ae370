"""Deep links: a page opened as a fresh server's first request still runs inside the router (dashboard.py)."""

from __future__ import annotations

import streamlit as st
from streamlit import config
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    """Streamlit runs a `pages/` folder next to the main script the old way (each file alone, no sidebar,
    no language switch) until some run calls st.navigation. A deep link such as /compare?cmp_year=2020 as a
    server's first request would land there; switch to the router and run again, keeping the URL's page.
    The rerun finds the page by name, so every st.Page's url_path must be its file's name."""
    # AppTest resets the flag before every run, so there the rerun would repeat on each run and swallow
    # button clicks; under AppTest a page runs on its own, which is what the page tests drive.
    if PagesManager.uses_pages_directory and not config.get_option("global.appTest"):
        PagesManager.uses_pages_directory = False
        st.rerun()
