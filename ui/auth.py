"""Sign-in for editors: a sidebar form against the accounts file, or Streamlit's st.login when OIDC is set up."""

from __future__ import annotations

import time

import streamlit as st
from streamlit.errors import StreamlitAPIException

from core.i18n import Language
from operations import accounts
from operations.accounts import User
from ui import errors
from ui.text import plain

USER_KEY = "up_user"
FAILURES_KEY = "up_failures"  # (failures in a row in this session, time of the last one)
MESSAGE_KEY = "up_auth_message"  # (text key, values) of the last sign-in attempt's outcome


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section, so st.login can be used."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def current_user() -> User | None:
    """The signed-in user of this session, or None (viewers need no account)."""
    if oidc_configured():
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or "")
        return User(email, accounts.role_of(email) or "viewer")
    found = st.session_state.get(USER_KEY)
    return User(*found) if found else None


def sidebar_panel(lang: Language) -> User | None:
    """Who is signed in, with a sign-out button (signing in has a page of its own). Returns the user."""
    lang = Language(lang)
    user = current_user()
    if user is not None:
        box = st.sidebar.container(border=True)
        box.caption(lang.t("up_signed_in_as", name=plain(user.name), role=lang.t(f"up_role_{user.role}")))
        if box.button(lang.t("up_sign_out"), key="up_sign_out"):
            _sign_out()
    return user


def sign_in_form(lang: Language) -> None:
    """The account page: who is signed in, or the sign-in (st.login with OpenID Connect, else name and password)."""
    lang = Language(lang)
    user = current_user()
    st.title(lang.t("up_account_title") if user else lang.t("up_sign_in_title"))
    if user is not None:
        st.success(lang.t("up_signed_in_as", name=plain(user.name), role=lang.t(f"up_role_{user.role}")))
        if user.can_edit:
            st.page_link("pages/upload.py", label=lang.t("up_nav_upload"), icon=":material/upload:")
            st.page_link("pages/history.py", label=lang.t("up_nav_history"), icon=":material/history:")
        else:
            st.info(lang.t("up_viewer_note"))
        return
    st.caption(lang.t("up_sign_in_help"))
    if oidc_configured():
        if st.button(lang.t("up_sign_in_oidc"), key="up_sign_in_oidc", type="primary"):
            st.login()
        return
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        st.error(lang.t(message[0], **message[1]))
    with st.form("up_sign_in", clear_on_submit=True):
        st.text_input(lang.t("up_user_name"), key="up_name")
        st.text_input(lang.t("up_password"), type="password", key="up_password")
        # a callback runs before the script, so the menu of this very run already has the editor's pages
        st.form_submit_button(lang.t("up_sign_in"), type="primary", on_click=_try)


@errors.guarded
def _try() -> None:
    name, password = st.session_state.get("up_name", ""), st.session_state.get("up_password", "")
    count, last = st.session_state.get(FAILURES_KEY, (0, 0.0))
    session_wait = accounts.wait_after(count) - (time.time() - last)
    if session_wait > 0:
        st.session_state[MESSAGE_KEY] = ("up_wait", {"seconds": int(session_wait) + 1})
        return
    try:
        result = accounts.sign_in(name, password)  # may wait a few seconds for its turn
    except accounts.AccountError as error:  # the accounts file is damaged: the administrator must restore it
        st.session_state[MESSAGE_KEY] = ("sec_accounts_unavailable", {"error_id": errors.record(error, "sign-in")})
        return
    if result.user is not None:
        st.session_state[USER_KEY] = (result.user.name, result.user.role)
        st.session_state.pop(FAILURES_KEY, None)
        return
    if result.locked_out:
        st.session_state[MESSAGE_KEY] = ("sec_locked_out", {})
        return
    if result.locked:
        st.session_state[MESSAGE_KEY] = ("up_wait", {"seconds": int(result.wait_seconds) + 1})
        return
    st.session_state[FAILURES_KEY] = (count + 1, time.time())
    st.session_state[MESSAGE_KEY] = ("up_wrong_password", {})


def _sign_out() -> None:
    if oidc_configured():
        st.logout()
    st.session_state.pop(USER_KEY, None)
    st.rerun()


def require_editor(lang: Language) -> User:
    """Stop the page unless an editor or admin is signed in (pages check this themselves, not only the menu)."""
    lang = Language(lang)
    user = current_user()
    if user is None or not user.can_edit:
        if user is None:
            st.error(lang.t("up_editors_only"))
        else:
            st.error(lang.t("up_editors_only_viewer", name=plain(user.name)))
        try:
            st.page_link("pages/sign_in.py", label=lang.t("up_sign_in_as_editor"), icon=":material/login:")
        except StreamlitAPIException:  # the page run on its own, without the router: the message says where to go
            pass
        st.stop()
    return user
