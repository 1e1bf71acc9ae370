"""Unexpected errors on a page: the visitor sees a short message with an id; the server log gets the traceback."""

from __future__ import annotations

import functools
import logging
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec

import streamlit as st

from core.i18n import Language
from ui import state

P = ParamSpec("P")
LOG_NAME = "hub.dashboard"
CALLBACK_ERROR_KEY = "_sec_callback_error"  # (error id) of a widget callback that failed, shown on the next run


def logger() -> logging.Logger:
    """The dashboard's log: standard error of the server process, one line per event plus tracebacks."""
    log = logging.getLogger(LOG_NAME)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def record(error: BaseException, where: str) -> str:
    """Log `error` with its traceback under a new id, and return the id (what the visitor quotes)."""
    error_id = uuid.uuid4().hex[:10].upper()
    logger().error("error %s in %s: %s: %s", error_id, where, type(error).__name__, error,
                   exc_info=(type(error), error, error.__traceback__))
    return error_id


def _page_name() -> str:
    try:
        return str(st.context.url or "page")
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest, bare mode)
        return "page"


@contextmanager
def boundary(lang: Language) -> Iterator[None]:
    """Run a page inside: any exception becomes a short message with an id (st.stop and reruns pass through,
    being BaseExceptions, not Exceptions)."""
    lang = Language(lang)
    failed = st.session_state.pop(CALLBACK_ERROR_KEY, None)
    if failed:
        st.error(lang.t("sec_page_error", error_id=failed))
    try:
        yield
    except Exception as error:  # noqa: BLE001 - the one place that catches everything, and logs it
        st.error(lang.t("sec_page_error", error_id=record(error, _page_name())))


def guarded(callback: Callable[P, None]) -> Callable[P, None]:
    """A widget callback whose failure is logged and shown on the next run like a page error (callbacks run
    before the script, outside any boundary)."""

    @functools.wraps(callback)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            callback(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - logged with its traceback, shown as an id
            st.session_state[CALLBACK_ERROR_KEY] = record(error, f"callback {callback.__name__}")

    return run


def fragment(body: Callable[P, None]) -> Callable[P, None]:
    """st.fragment with the page's boundary inside: a fragment catches its own exceptions and shows Streamlit's
    error box, so the page's boundary would never see them."""

    @functools.wraps(body)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        with boundary(state.lang()):
            body(*args, **kwargs)

    return st.fragment(run)
