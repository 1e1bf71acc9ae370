"""Compare, profile and catalogue pages in headless Chromium: charts drawn, Russian, offline, no console errors."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from tests.e2e.conftest import ARTIFACTS, settle

# Opened at a deep link (/compare), Streamlit's frontend first looks for its server under that path
# (/compare/_stcore/health, /compare/_stcore/host-config), gets 404, and then finds it at the root. Those
# probes, and the browser's one-line report of each, are the only errors allowed.
PROBE = re.compile(r"^HTTP 404 http://localhost:\d+/[a-z]+/_stcore/(health|host-config)$")
PROBE_REPORT = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def real_errors(errors: list[str]) -> list[str]:
    probes = [e for e in errors if PROBE.match(e)]
    rest = [e for e in errors if not PROBE.match(e)]
    reports = [e for e in rest if e == PROBE_REPORT]
    assert len(reports) <= len(probes), f"404s other than the base-path probes: {errors}"
    return [e for e in rest if e != PROBE_REPORT]


PAGES = [
    ("compare", "Compare countries", "Сравнение стран"),
    ("profile", "Country profile", "Профиль страны"),
    ("catalogue", "Indicators and coverage", "Показатели и охват"),
]


@pytest.mark.parametrize(("url_path", "title_en", "title_ru"), PAGES)
def test_page_renders_in_both_languages_offline(server, page, url_path: str, title_en: str, title_ru: str) -> None:
    url, _ = server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.set_viewport_size({"width": 1400, "height": 2600})  # Streamlit scrolls inside the page: make it tall
    pg.goto(f"{url}/{url_path}")
    settle(pg)
    assert pg.get_by_role("heading", name=title_en).first.is_visible()
    assert pg.locator(".js-plotly-plot").count() >= 1
    assert pg.locator('[data-testid="stAlert"]', has_text="DEMO STORE").count() == 0  # published data
    pg.screenshot(path=str(ARTIFACTS / f"{url_path}_en.png"), full_page=True)
    pg.locator('[data-testid="stRadioOption"]', has_text="Русский").click()
    pg.get_by_role("heading", name=title_ru).first.wait_for(timeout=30_000)
    settle(pg)
    pg.goto(pg.url)  # the copied address reproduces the view, in Russian
    settle(pg)
    assert pg.get_by_role("heading", name=title_ru).first.is_visible()
    assert "lang=ru" in unquote(pg.url)  # codes in the address, never a label
    pg.screenshot(path=str(ARTIFACTS / f"{url_path}_ru.png"), full_page=True)
    assert real_errors(errors) == [], f"console errors: {errors}"
    assert outside == [], f"requests leaving localhost: {outside}"


def test_compare_tabs_and_the_map_draw_offline(server, page) -> None:
    url, _ = server
    pg, errors, outside = page
    pg.goto(f"{url}/compare")
    settle(pg)
    pg.set_viewport_size({"width": 1400, "height": 1800})
    for tab, shot in (("Over time", "series"), ("Two indicators", "scatter"), ("Table", "table"), ("Map", "map")):
        pg.get_by_role("tab", name=tab).click()  # only the open tab is drawn: the click runs it
        pg.wait_for_timeout(1500)
        if shot != "table":
            settle(pg)
        assert f"tab={shot}" in pg.url
        pg.screenshot(path=str(ARTIFACTS / f"compare_{shot}_en.png"), full_page=False)
    pg.locator(".js-plotly-plot .choroplethlocation").first.wait_for(timeout=60_000)  # drawn after the tab settles
    assert pg.locator(".js-plotly-plot .choroplethlocation").count() > 20
    assert real_errors(errors) == [] and outside == []


def test_compare_view_is_reproduced_from_its_address(server, page) -> None:
    url, _ = server
    pg, errors, _ = page
    pg.goto(f"{url}/compare?ind=wgi.ge&year=2020&focus=GEO")
    settle(pg)
    assert pg.get_by_text("Government Effectiveness, 2020").first.is_visible()
    pg.screenshot(path=str(ARTIFACTS / "compare_url_en.png"), full_page=False)
    # Switching language changes only the language in the address: the view is held as codes.
    before = unquote(pg.url)
    pg.locator('[data-testid="stRadioOption"]', has_text="Русский").click()
    pg.get_by_text("Эффективность государственного управления, 2020").first.wait_for(timeout=30_000)
    settle(pg)
    assert unquote(pg.url).replace("lang=ru", "lang=en") == before.replace("lang=ru", "lang=en")
    assert "ind=wgi.ge" in pg.url and "focus=GEO" in pg.url and "lang=ru" in pg.url
    pg.goto(pg.url)  # the Russian address in a new session: the same view
    settle(pg)
    assert pg.get_by_text("Эффективность государственного управления, 2020").first.is_visible()
    pg.goto(pg.url.replace("lang=ru", "lang=en"))  # and the same address in English: the same view again
    settle(pg)
    assert pg.get_by_text("Government Effectiveness, 2020").first.is_visible()
    pg.goto(pg.url.replace("lang=en", "lang=ru"))
    settle(pg)  # the page has read its address before the link is followed (a busy machine clicked it before)
    # The highlighted country goes with the user to the profile page.
    pg.get_by_role("link", name="Профиль страны").click()
    pg.get_by_text("Грузия: все показатели").first.wait_for(timeout=30_000)
    settle(pg)
    assert real_errors(errors) == []
