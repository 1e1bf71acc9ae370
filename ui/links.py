"""The view in the address, as codes: indicator codes, ISO3 codes, group codes, years; never a shown label.

Streamlit's `bind="query-params"` writes what a widget shows (a label in the interface language), so an address
copied in Russian held Russian names that the English page could not read. Here each widget is tied to a short
parameter holding its value's code (`?ind=wgi.ge&year=2023&countries=KAZ,KGZ&lang=ru`): the same address opens the
same view in every language. The address is read when it differs from what this session last wrote (a pasted or
opened link), validated against the options, and written back after each run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st

WRITTEN = "_links_written"  # widget key -> the text this session last put in the address for it


def _written() -> dict[str, str]:
    return st.session_state.setdefault(WRITTEN, {})


def encode(value: object) -> str:
    """A widget value as address text: lists comma-joined, booleans 1/0, everything else as its code."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(encode(v) for v in value)
    return "" if value is None else str(value)


def _decode_one(text: str, options: Sequence[Any]) -> tuple[bool, Any]:
    """The option whose code is `text` (options may be ints, strings or booleans)."""
    for option in options:
        if encode(option) == text:
            return True, option
    return False, None


def incoming(param: str, key: str | None = None) -> str | None:
    """The address's value of `param` when it is new to the widget `key` (a link was opened, or another page sent
    the user here with it), else None. Keyed by widget: pages share parameter names (year, ind) for widgets of
    their own."""
    found = st.query_params.get(param)
    if found is None or _written().get(key or param) == found:
        return None
    return found


def _restore(key: str, param: str, options: Sequence[Any], many: bool = False) -> bool:
    """Set the widget's value from a link that just arrived; True when it did."""
    text = incoming(param, key)
    if text is None:
        return False
    if many:
        chosen = [ok_value[1] for part in text.split(",") if part and (ok_value := _decode_one(part, options))[0]]
        st.session_state[key] = chosen
        done = True
    else:
        ok, value = _decode_one(text, options)
        if ok:
            st.session_state[key] = value
        done = ok
    _written()[key] = text
    return done


def write(param: str, value: object, key: str | None = None) -> None:
    """Put `value`'s code in the address for widget `key` (only when it changed: each write is a message to the
    browser)."""
    text = encode(value)
    _written()[key or param] = text
    if st.query_params.get(param) != text:
        st.query_params[param] = text


def forget(param: str, key: str | None = None) -> None:
    """Take `param` out of the address (a widget the page does not show in this state)."""
    _written().pop(key or param, None)
    if param in st.query_params:
        del st.query_params[param]


def _index(key: str, restored: bool, options: list[Any], default: object) -> dict[str, int]:
    """The widget's starting position, given as `index` (never through the session: Streamlit would then keep
    preferring that value over the user's next choice in a multipage app). Nothing when a link just set the value
    through the session, or when the widget already has one."""
    if restored or key in st.session_state or not options:
        return {}
    return {"index": options.index(default) if default in options else 0}


def selectbox(label: str, options: Sequence[Any], *, key: str, param: str, default: object = None,
              format_func: Callable[[Any], str] = str, **kwargs: Any) -> Any:
    """st.selectbox whose value travels in the address as its code."""
    options = list(options)
    restored = _restore(key, param, options)
    if kwargs.get("index", 0) is not None:  # index=None: nothing chosen until the user picks
        kwargs.update(_index(key, restored, options, default))
    elif restored or key in st.session_state:
        kwargs.pop("index")
    value = st.selectbox(label, options, key=key, format_func=format_func, **kwargs)
    if value is not None:
        write(param, value, key)
    return value


def radio(label: str, options: Sequence[Any], *, key: str, param: str, default: object = None,
          format_func: Callable[[Any], str] = str, container: Any = None, **kwargs: Any) -> Any:
    """st.radio whose value travels in the address as its code."""
    options = list(options)
    restored = _restore(key, param, options)
    current = st.session_state.get(key)
    if not restored and current in options and encode(current) != _written().get(key, encode(current)):
        # The user's choice, set again through the session: on a fresh server's first session the router switches
        # Streamlit to st.navigation after the first run, the widget is registered anew, and would otherwise
        # start over from its default (the first click on the language switch at "/" was lost).
        st.session_state[key] = current
    kwargs.update(_index(key, restored, options, default))
    value = (container or st).radio(label, options, key=key, format_func=format_func, **kwargs)
    write(param, value, key)
    return value


def multiselect(label: str, options: Sequence[Any], *, key: str, param: str, default: Sequence[Any] | None = None,
                format_func: Callable[[Any], str] = str, **kwargs: Any) -> list[Any]:
    """st.multiselect whose values travel in the address as comma-separated codes."""
    options = list(options)
    restored = _restore(key, param, options, many=True)
    if not restored and key not in st.session_state and default is not None:
        kwargs["default"] = [d for d in default if d in options]
    value = st.multiselect(label, options, key=key, format_func=format_func, **kwargs)
    if value:
        write(param, value, key)
    else:
        forget(param, key)  # nothing chosen: the page's own default applies to a link without it
    return value


def toggle(label: str, *, key: str, param: str, default: bool = False, container: Any = None,
           **kwargs: Any) -> bool:
    """st.toggle whose value travels in the address as 1/0."""
    if not _restore(key, param, [True, False]) and key not in st.session_state:
        kwargs["value"] = default
    value = (container or st).toggle(label, key=key, **kwargs)
    write(param, value, key)
    return value


def text_input(label: str, *, key: str, param: str, **kwargs: Any) -> str:
    """st.text_input whose text travels in the address (a name the user typed: the same in every language)."""
    text = incoming(param, key)
    if text is not None:
        st.session_state[key] = text
        _written()[key] = text
    value = st.text_input(label, key=key, **kwargs)
    if value:
        write(param, value, key)
    else:
        forget(param, key)
    return value


def year_range(label: str, years: Sequence[int], *, key: str, param: str, owner: str, **kwargs: Any) -> tuple[int, int]:
    """A slider of two years over `years` (ascending). Its range belongs to `owner` (the indicator): when the
    indicator changes, the range starts again at the new indicator's full span instead of keeping the old one."""
    years = list(years)
    text = incoming(param, key)
    if text is not None and "-" in text:
        first, _, last = text.partition("-")
        if first.isdigit() and last.isdigit() and int(first) in years and int(last) in years:
            st.session_state[key] = (int(first), int(last))
            st.session_state[f"{key}__owner"] = owner
        _written()[key] = text
    current = st.session_state.get(key)
    valid = (isinstance(current, (list, tuple)) and len(current) == 2 and current[0] in years and current[1] in years)
    if st.session_state.get(f"{key}__owner") != owner or not valid:
        st.session_state[key] = (years[0], years[-1])
        st.session_state[f"{key}__owner"] = owner
    first, last = st.select_slider(label, options=years, key=key, **kwargs)
    write(param, f"{first}-{last}", key)
    return int(first), int(last)


def current() -> dict[str, str]:
    """The parameters of this view as the address now holds them."""
    return {k: st.query_params.get(k) for k in st.query_params}


def view_url(page: str, extra: dict[str, str] | None = None) -> str:
    """An absolute link to `page` with this view's codes (for the XLSX "view in the dashboard" link)."""
    params = {**current(), **(extra or {})}
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser session (AppTest, bare mode)
        base = ""
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://localhost:8501"
    return f"{origin}/{page}" + (f"?{urlencode(params)}" if params else "")
