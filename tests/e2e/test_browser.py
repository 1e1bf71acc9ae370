"""The served dashboard in headless Chromium: renders, stays on localhost, no console errors, sees new loads."""

from __future__ import annotations

import os
import subprocess
import sys

from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_ROWS, EXAMPLE_SOURCE, filled_template
from tests.conftest import ROOT
from tests.e2e.conftest import ARTIFACTS, settle


def test_overview_renders_offline_in_both_languages(server, page) -> None:
    url, _ = server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(f"{url}/")
    settle(pg)
    assert pg.get_by_text("Hub Reform Monitor").first.is_visible()
    # the default store: published data (the starter pack), never demo
    assert pg.get_by_text("Worldwide Governance Indicators").first.is_visible()
    assert pg.locator('[data-testid="stAlert"]', has_text="DEMO STORE").count() == 0
    assert pg.locator(".js-plotly-plot .choroplethlocation").count() > 30  # outlines drawn: the map works offline
    pg.screenshot(path=str(ARTIFACTS / "overview_en.png"), full_page=True)
    pg.locator('[data-testid="stRadioOption"]', has_text="Русский").click()  # the language switch, as a user clicks it
    pg.get_by_text("Монитор реформ Хаба").first.wait_for(timeout=30_000)
    settle(pg)
    pg.goto(pg.url)  # a copied address keeps the language
    settle(pg)
    assert pg.get_by_text("Монитор реформ Хаба").first.is_visible()
    assert pg.locator('[data-testid="stAlert"]', has_text="ДЕМО-ХРАНИЛИЩЕ").count() == 0
    pg.screenshot(path=str(ARTIFACTS / "overview_ru.png"), full_page=True)
    assert errors == [], f"console errors: {errors}"
    assert outside == [], f"requests leaving localhost: {outside}"


def test_a_cli_load_shows_up_in_the_running_dashboard_without_restart(server, page, tmp_path) -> None:
    url, store = server
    pg, errors, _ = page
    pg.goto(f"{url}/")
    settle(pg)
    assert pg.get_by_text(EXAMPLE_SOURCE["name"]).count() == 0
    filled = tmp_path / "national.xlsx"
    filled.write_bytes(filled_template(EXAMPLE_SOURCE, EXAMPLE_ROWS, [EXAMPLE_INDICATOR]))
    env = {**os.environ, "HUB_DATA_DIR": str(store.dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "etl", "load", str(filled)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    pg.reload()
    settle(pg)
    assert pg.get_by_text(EXAMPLE_SOURCE["name"], exact=False).first.is_visible()
    assert errors == []
