"""The router: the frame around every page (language, sign-in, the store check, the data panel) and the menu."""

from __future__ import annotations

import streamlit as st
from streamlit import config
from streamlit.runtime.pages_manager import PagesManager

from core.i18n import Language
from ui import auth, data, datasets, errors, sidebar, state


def run() -> None:
    """What dashboard.py does: set up the frame, then run the page the address or the menu picked."""
    st.set_page_config(page_title="Hub Reform Monitor", page_icon="📊", layout="wide")
    lang = sidebar.language_picker()
    user = auth.sidebar_panel(lang)
    page = st.navigation(menu(lang, signed_in=user is not None, editor=user is not None and user.can_edit))
    path = data.version()
    if path is None:
        st.error(lang.t("no_store"))
        st.stop()
    with errors.boundary(lang):  # an unexpected error: a message with an id here, the traceback in the server log
        datasets.notices(sidebar.data_panel(path, lang), lang)  # DEMO, or an earlier edition shown: on every page
        page.run()


def menu(lang: Language, *, signed_in: bool, editor: bool) -> dict[str, list[st.Page]]:
    """The pages by section, titled in `lang`. Viewers do not see the editors' pages in the menu; opened by their
    address, the pages say to sign in as an editor (each page checks the role itself)."""
    for_editors = "visible" if editor else "hidden"
    return {
        "": [st.Page("pages/overview.py", title=lang.t("nav_overview"), icon=":material/public:",
                     url_path="overview", default=True)],
        lang.t("nav_section_analysis"): [
            st.Page("pages/compare.py", title=lang.t("cmp_nav"), icon=":material/bar_chart:", url_path="compare"),
            st.Page("pages/profile.py", title=lang.t("cmp_prof_nav"), icon=":material/flag:", url_path="profile"),
            st.Page("pages/catalogue.py", title=lang.t("cmp_cat_nav"), icon=":material/menu_book:",
                    url_path="catalogue"),
            st.Page("pages/survey.py", title=lang.t("sv_nav"), icon=":material/groups:", url_path="survey"),
        ],
        lang.t("rep_nav_section"): [st.Page("pages/brief.py", title=lang.t("rep_nav_brief"),
                                             icon=":material/description:", url_path="brief")],
        lang.t("up_nav_section"): [
            st.Page("pages/sign_in.py", title=lang.t("up_nav_account" if signed_in else "up_nav_sign_in"),
                    icon=":material/login:", url_path="sign_in"),
            st.Page("pages/upload.py", title=lang.t("up_nav_upload"), icon=":material/upload:", url_path="upload",
                    visibility=for_editors),
            st.Page("pages/history.py", title=lang.t("up_nav_history"), icon=":material/history:",
                    url_path="history", visibility=for_editors),
            st.Page("pages/members.py", title=lang.t("vw_nav_members"), icon=":material/groups_2:",
                    url_path="members", visibility=for_editors),
        ],
    }


def start() -> tuple[Language, str]:
    """The opening of every page: the router (for a deep link), the language, the live store version's path."""
    ensure_router()
    return state.lang(), data.version()


def ensure_router() -> None:
    """Deep links: a page opened as a fresh server's first request still runs inside the router (dashboard.py).

    Streamlit runs a `pages/` folder next to the main script the old way (each file alone, no sidebar,
    no language switch) until some run calls st.navigation. A deep link such as /compare?cmp_year=2020 as a
    server's first request would land there; switch to the router and run again, keeping the URL's page.
    The rerun finds the page by name, so every st.Page's url_path must be its file's name."""
    # AppTest resets the flag before every run, so there the rerun would repeat on each run and swallow
    # button clicks; under AppTest a page runs on its own, which is what the page tests drive.
    if PagesManager.uses_pages_directory and not config.get_option("global.appTest"):
        PagesManager.uses_pages_directory = False
        st.rerun()
