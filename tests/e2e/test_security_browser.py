"""In Chromium: names holding links, images and HTML stay text and fetch nothing; an error shows an id, no traceback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Store
from tests.conftest import ROOT
from tests.e2e.conftest import ARTIFACTS, dashboard, settle
from tests.ui.test_hostile_text import build_hostile_store


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The dashboard over a store full of hostile names, whose `target` table is gone (the profile page fails:
    an unexpected error, as an older or damaged store would cause); the server's output goes to a log file."""
    folder = tmp_path_factory.mktemp("hostile-e2e")
    store = build_hostile_store(Store(folder / "store"))
    with store.writer() as con:
        con.execute("DROP TABLE target")
    log = folder / "server.log"
    with dashboard(store, log) as url:
        yield url, log


def _no_link_from_data(pg) -> None:
    # (Streamlit's own heading anchors, href="#<slug of the heading>", point within the page)
    assert pg.locator("a[href*='evil']:not([href^='#'])").count() == 0, "a link from data"
    assert pg.locator("img[src*='evil']").count() == 0, "an image from data"
    assert pg.locator("svg a").count() == 0, "a link inside a chart"


@pytest.mark.parametrize(("path", "literal"), [
    ("/", "[Sign in again](https://evil.example/source)"),
    ("/compare?peer=OWN&group_name=%5Bx%5D(https%3A%2F%2Fevil.example%2Furl)",
     "[Sign in again](https://evil.example/indicatoren)"),
    ("/catalogue", "[Sign in again](https://evil.example/definition)"),
    ("/survey", "[Sign in again](https://evil.example/source)"),
])
def test_hostile_names_stay_text_and_fetch_nothing(hostile_server, page, path: str, literal: str) -> None:
    url, _ = hostile_server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(url + path)
    settle(pg)
    pg.wait_for_timeout(1500)
    name = "hostile_" + (path.strip("/").split("?")[0] or "overview")
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    _no_link_from_data(pg)
    text = pg.locator("body").inner_text()
    assert literal in text.replace("\u2060", ""), f"{literal} is not shown as text"
    assert outside == [], f"requests leaving localhost: {outside}"
    assert "evil.example/url" not in text, "the crafted group name from the address is shown"
    assert not [e for e in errors if "evil" in e], errors


def test_an_unexpected_error_shows_an_id_and_no_traceback(hostile_server, page) -> None:
    url, log = hostile_server
    pg, _, outside = page
    pg.goto(f"{url}/profile")  # a deep link as a fresh visitor's first request
    pg.get_by_text("Something went wrong").first.wait_for(timeout=90_000)
    pg.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.get_by_text("Something went wrong").first.scroll_into_view_if_needed()
    pg.wait_for_timeout(500)
    pg.screenshot(path=str(ARTIFACTS / "error_page.png"))
    text = pg.locator("body").inner_text()
    error_id = re.search(r"recorded as ([0-9A-F]{10})", text).group(1)
    for leak in ("Traceback", "CatalogException", "Catalog Error", "does not exist", ".py\"", ", line ", str(ROOT)):
        assert leak not in text, f"the page shows {leak!r}"
    assert pg.locator('[data-testid="stException"]').count() == 0
    server_log = log.read_text()
    assert f"error {error_id}" in server_log and "Traceback" in server_log and "target" in server_log
    assert outside == []
