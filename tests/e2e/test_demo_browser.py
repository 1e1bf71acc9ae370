"""A demo store served in Chromium: every page says DEMO at its top, in both languages."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, settle

PAGES = [("Overview", "overview"), ("Compare countries", "compare"), ("Country profile", "profile"),
         ("Indicators and coverage", "catalogue"), ("Civil-servant surveys", "survey"), ("Country brief", "brief"),
         ("Sign in", "sign_in")]


@pytest.mark.parametrize(("link", "name"), PAGES)
def test_every_page_of_the_demo_store_says_demo(demo_server, page, link: str, name: str) -> None:
    url, _ = demo_server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(f"{url}/")
    settle(pg)
    if name != "overview":
        pg.locator('[data-testid="stSidebarNav"] a', has_text=link).first.click()
        pg.wait_for_timeout(500)
        pg.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
        pg.wait_for_timeout(1500)
    banner = pg.locator('[data-testid="stAlert"]', has_text="DEMO STORE").first
    banner.wait_for(timeout=30_000)
    assert banner.is_visible()
    if name in ("overview", "compare", "survey"):
        pg.screenshot(path=str(ARTIFACTS / f"demo_{name}_en.png"), full_page=False)
    pg.locator('[data-testid="stRadioOption"]', has_text="Русский").click()
    pg.locator('[data-testid="stAlert"]', has_text="ДЕМО-ХРАНИЛИЩЕ").first.wait_for(timeout=30_000)
    assert outside == [], f"requests leaving localhost: {outside}"
