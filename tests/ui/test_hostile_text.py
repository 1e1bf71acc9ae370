"""Names holding Markdown links, images, HTML and bare URLs render as literal text on every page.

A store whose indicator, source, group, country, theme, survey question and group names and file names all
carry such payloads; every page is run through AppTest and every Markdown body it emits is rendered with a
CommonMark + linkify renderer (markdown-it-py): no link, image or HTML tag may come out, and the payload's text
must be there literally. Every chart's strings are checked for tags other than the dashboard's own formatting.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from html import unescape

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from accounts import users
from etl.setup_store import build_demo_store
from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_SOURCE, filled_template
from store import Store
from tests.conftest import ROOT
from ui import errors


def payload(tag: str) -> str:
    """Markdown link and image, HTML image and link, a bare URL, www. and an e-mail address, all named `tag`."""
    return (f"{tag} [Sign in again](https://evil.example/{tag}) ![i](https://evil.example/{tag}.png) "
            f"<img src=https://evil.example/{tag}.gif> <a href='https://evil.example'>{tag}</a> "
            f"https://evil.example/{tag}/bare www.evil.example admin@evil.example :red[x] **{tag}**")


RENDER = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["linkify", "table", "strikethrough"])
TAG = re.compile(r"<(?!/?(?:p|strong|em|code|br|ul|ol|li|h[1-6]|hr|blockquote|table|thead|tbody|tr|th|td|pre|del)"
                 r"\b)[a-z/!]", re.IGNORECASE)
# What remark-gfm (Streamlit's Markdown) links in the text after escapes are resolved: bare URLs, www. and e-mail
GFM_AUTOLINK = re.compile(r"(?i)(?:https?://|www\.)[-.\w]|[-.\w+]+@[-\w]+(?:\.[-\w]+)+")
PASSWORD = "correct horse battery"


def build_hostile_store(store: Store) -> Store:
    """A demo store (generated indicators and staff surveys) whose every kind of name holds a payload."""
    build_demo_store(store)
    with store.writer() as con:
        con.execute("UPDATE country SET name_en = ?, name_ru = ? WHERE iso3 = 'KAZ'",
                    [payload("countryen"), payload("countryru")])
        con.execute("UPDATE country_group SET name_en = ?, name_ru = ? WHERE group_code = 'CA'",
                    [payload("groupen"), payload("groupru")])
        con.execute("UPDATE indicator SET name_en = ? || name_en, name_ru = ? || name_ru, definition_en = ?, "
                    "definition_ru = ?, unit = ?, unit_en = ?, unit_ru = ?",  # unit_*: the unit as readers see it
                    [payload("indicatoren"), payload("indicatorru"), payload("definition"), payload("definition"),
                     payload("unit"), payload("unit"), payload("unit")])
        con.execute("UPDATE source SET name = ?, edition = ?, publisher = ?, licence = ?, citation = ?",
                    [payload("source"), payload("edition"), payload("publisher"), payload("licence"),
                     payload("citation")])
        con.execute("UPDATE theme SET name_en = ?, name_ru = ?", [payload("themeen"), payload("themeru")])
        con.execute("UPDATE survey_question SET label_en = ? || question_code, label_ru = ? || question_code, "
                    "text_en = ?, theme = ?, theme_ru = ?",
                    [payload("questionen"), payload("questionru"), payload("questiontext"), payload("svtheme"),
                     payload("svthemeru")])
        for table in ("survey_cell", "survey_theme_cell"):
            con.execute(f"UPDATE {table} SET group_name = ? || group_name WHERE group_name NOT IN ('All', 'all')",
                        [payload("svgroup")])
        con.execute("UPDATE load_batch SET file_name = ?, user_name = ?", [payload("file"), payload("user")])
    return store


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = build_hostile_store(Store(tmp_path_factory.mktemp("hostile") / "store"))
    users.add_user("anna", PASSWORD, "editor")
    yield store


def bodies(at: AppTest) -> list[tuple[str, str]]:
    """(where, Markdown source) of every element and label of the run that Streamlit renders as Markdown."""
    found: list[tuple[str, str]] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success",
                 "latex"):
        found += [(kind, e.value) for e in getattr(at, kind)]
    for kind in ("metric", "expander", "tabs", "checkbox", "toggle", "selectbox", "multiselect", "text_input",
                 "button", "number_input", "select_slider", "radio"):
        found += [(f"{kind} label", e.label) for e in getattr(at, kind)]
    found += [("radio option", o) for e in at.radio for o in e.options]
    for kind in ("download_button", "page_link", "progress"):
        for e in at.get(kind):
            text = getattr(e.proto, "label", "") or getattr(e.proto, "text", "")
            found.append((f"{kind} label", text))
    for table in at.table:
        frame = table.value
        found += [("table cell", str(v)) for v in [*frame.index, *frame.columns, *frame.to_numpy().ravel()]]
    return [(w, b) for w, b in found if b]


def chart_strings(at: AppTest) -> Iterator[str]:
    def walk(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    for chart in at.get("plotly_chart"):
        yield from walk(json.loads(chart.proto.spec))


def check(at: AppTest, page: str, expect: tuple[str, ...]) -> None:
    """No link, image or HTML from any Markdown body or chart string; the payloads named in `expect` shown."""
    assert not at.exception, at.exception
    rendered = []
    for where, body in bodies(at):
        html = RENDER.render(body)
        assert "<a " not in html and "<img" not in html, f"{page}: {where} renders a link or image: {body!r}"
        assert not TAG.search(html), f"{page}: {where} renders raw HTML: {body!r} -> {html!r}"
        shown = unescape(re.sub(r"<[^>]+>", "", html))
        assert not GFM_AUTOLINK.search(shown), f"{page}: {where} holds a bare address GFM would link: {body!r}"
        rendered.append(html)
    text = unescape("\n".join(rendered)).replace("\u2060", "")
    for tag in expect:
        # (a name may begin a sentence, capitalised: "Groupen ... average")
        assert f"{tag} [sign in again](https://evil.example/{tag})" in text.lower(), \
            f"{page}: the {tag} payload is not shown as literal text"
    for s in chart_strings(at):
        assert not re.search(r"<(?!/?(?:br|b|i|em|sup|sub|extra)\s*/?>)[a-zA-Z/!]", s), f"{page}: chart string {s!r}"
        assert "<a" not in s.lower() and "<img" not in s.lower()


def open_page(page: str, lang: str = "en", user: tuple[str, str] | None = None, query: dict | None = None,
              **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = lang
    if user:
        at.session_state["up_user"] = user
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(f"pages/{page}.py")
    at.run()
    return at


@pytest.fixture
def live(hostile: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("HUB_DATA_DIR", str(hostile.dir))
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(hostile.dir.parent / "uploads"))
    return hostile


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_overview(live: Store, lang: str) -> None:
    check(open_page("overview", lang), "overview", ("source", f"theme{lang}", f"indicator{lang}"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_compare_with_a_hostile_indicator_group_and_country(live: Store, lang: str) -> None:
    at = open_page("compare", lang, cmp_peer="CA", cmp_focus="KAZ")
    check(at, "compare", (f"indicator{lang}", "definition", "unit", "source", f"group{lang}"))
    assert any(f"country{lang}" in s for s in chart_strings(at)), "the charts name the hostile country"


def test_compare_refuses_a_crafted_group_name_in_the_address(live: Store) -> None:
    crafted = "[Sign in again](https://evil.example/login) ![x](https://evil.example/x.png)"
    at = open_page("compare", query={"group_name": crafted, "peer": "OWN"}, cmp_peer="OWN",
                   cmp_group=["DEU", "PHL"])
    check(at, "compare", ())
    assert any("cannot be used" in w.value for w in at.warning)
    everything = " ".join(b for _, b in bodies(at)) + " ".join(chart_strings(at))
    assert "evil.example/login" not in everything.replace("\\", "")
    assert any("Own group" in RENDER.render(c.value) for c in at.caption), "the average is named by the default"


def test_compare_shows_an_allowed_but_url_like_group_name_as_text(live: Store) -> None:
    at = open_page("compare", cmp_peer="OWN", cmp_group=["DEU", "PHL"], cmp_group_name="www.evil.example/x (A&B)")
    check(at, "compare", ())
    captions = [RENDER.render(c.value) for c in at.caption]
    assert any("www\u2060.evil.example/x (a&amp;b)" in c.lower() for c in captions)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_profile(live: Store, lang: str) -> None:
    check(open_page("profile", lang, cmp_focus="KAZ", cmp_peer="CA"), "profile",
          (f"country{lang}", "source", f"indicator{lang}"))


def test_catalogue(live: Store) -> None:
    check(open_page("catalogue", cat_group="CA"), "catalogue", ("source", "indicatoren", "definition"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_survey(live: Store, lang: str) -> None:
    at = open_page("survey", lang)
    check(at, "survey", ("source",))
    assert any("svgroup" in s for s in chart_strings(at)), "the breakdown chart shows the hostile group names"


def test_brief(live: Store) -> None:
    check(open_page("brief", rep_country="KAZ"), "brief", ("groupen",))


def test_history_and_sign_in(live: Store) -> None:
    check(open_page("history", user=("anna", "editor")), "history", ("file",))
    check(open_page("sign_in", user=("anna", "editor")), "sign_in", ())


def test_upload_of_a_template_declaring_hostile_names(live: Store) -> None:
    indicator = {**EXAMPLE_INDICATOR, "code": "nat.hostile", "name_en": payload("newind"),
                 "definition_en": payload("newdef"), "unit": "percent"}
    source = {**EXAMPLE_SOURCE, "name": payload("newsource"), "edition": "2024", "citation": payload("cite")}
    data = [("Kazakhstan", "nat.hostile", 2022, 8.4), ("Armenia", "nat.hostile", 2022, "45%"),
            (payload("unknowncountry"), "nat.hostile", 2022, 3.0)]
    at = open_page("upload", user=("anna", "editor"))
    at.get("file_uploader")[0].upload("national.xlsx", filled_template(source, data, [indicator])).run()
    check(at, "upload", ("unknowncountry",))


def test_a_page_raising_shows_no_traceback(live: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under AppTest a page runs on its own (not inside the router's boundary): the shipped config still hides
    every detail (client.showErrorDetails = "none")."""
    from analytics import compare

    def broken(con: object) -> None:
        raise RuntimeError(f"secret detail from {con}")

    monkeypatch.setattr(compare, "indicators", broken)  # the query the page reads through ui.data.read
    at = open_page("compare")
    [error] = at.exception
    proto = error.proto
    assert list(proto.stack_trace) == [] and proto.type == ""
    assert "secret detail" not in proto.message and "RuntimeError" not in proto.message
    assert "redacted" in proto.message


def _boundary_script() -> None:
    import streamlit as st

    from ui import errors

    with errors.boundary(st.session_state.get("lang", "en")):
        st.title("before")
        raise RuntimeError("secret detail from /srv/hub/data/store/v000042.duckdb")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_router_boundary_shows_an_id_and_logs_the_traceback(lang: str) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    log = errors.logger()
    log.addHandler(handler)
    try:
        at = AppTest.from_function(_boundary_script, default_timeout=60)
        at.session_state["lang"] = lang
        at.run()
    finally:
        log.removeHandler(handler)
    assert not at.exception, "the error reached Streamlit's own handler"
    assert [t.value for t in at.title] == ["before"], "what the page drew before the error stays"
    [message] = [e.value for e in at.error]
    error_id = re.search(r"([0-9A-F]{10})", message).group(1)
    assert "secret" not in message and "Traceback" not in message and ".duckdb" not in message
    assert ("Ошибка" in message) == (lang == "ru")
    [record] = records
    assert error_id in record.getMessage() and record.exc_info[0] is RuntimeError
    assert "secret detail" in logging.Formatter().format(record) and "Traceback" in logging.Formatter().format(record)
