"""Hub Reform Monitor: the router. Pages live in pages/; this file only sets up the frame around them."""

import streamlit as st

from ui import auth, data, datasets, errors, sidebar

st.set_page_config(page_title="Hub Reform Monitor", page_icon="📊", layout="wide")
lang = sidebar.language_picker()
user = auth.sidebar_panel(lang)
pages = {
    "": [st.Page("pages/overview.py", title=lang.t("nav_overview"), icon=":material/public:",
                 url_path="overview", default=True)],
    lang.t("nav_section_analysis"): [
        st.Page("pages/compare.py", title=lang.t("cmp_nav"), icon=":material/bar_chart:", url_path="compare"),
        st.Page("pages/profile.py", title=lang.t("cmp_prof_nav"), icon=":material/flag:", url_path="profile"),
        st.Page("pages/catalogue.py", title=lang.t("cmp_cat_nav"), icon=":material/menu_book:", url_path="catalogue"),
        st.Page("pages/survey.py", title=lang.t("sv_nav"), icon=":material/groups:", url_path="survey"),
    ],
    lang.t("rep_nav_section"): [st.Page("pages/brief.py", title=lang.t("rep_nav_brief"),
                                         icon=":material/description:", url_path="brief")],
}
pages[lang.t("up_nav_section")] = [
    st.Page("pages/sign_in.py", title=lang.t("up_nav_account" if user else "up_nav_sign_in"),
            icon=":material/login:", url_path="sign_in"),
]
# Viewers do not see the editors' pages in the menu; opened by their address, the pages say to sign in as an
# editor (each page checks the role itself).
editor = user is not None and user.can_edit
pages[lang.t("up_nav_section")] += [
    st.Page("pages/upload.py", title=lang.t("up_nav_upload"), icon=":material/upload:", url_path="upload",
            visibility="visible" if editor else "hidden"),
    st.Page("pages/history.py", title=lang.t("up_nav_history"), icon=":material/history:", url_path="history",
            visibility="visible" if editor else "hidden"),
    st.Page("pages/members.py", title=lang.t("vw_nav_members"), icon=":material/groups_2:", url_path="members",
            visibility="visible" if editor else "hidden"),
]
page = st.navigation(pages)
path = data.version()
if path is None:
    st.error(lang.t("no_store"))
    st.stop()
with errors.boundary(lang):  # an unexpected error: a message with an id here, the traceback in the server log
    datasets.notices(sidebar.data_panel(path, lang), lang)  # DEMO, or an earlier edition shown: on every page
    page.run()
