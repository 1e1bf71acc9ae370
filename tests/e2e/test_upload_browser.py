"""In Chromium: a viewer opening the upload page by URL is told to sign in as an editor; an editor signs in,
uploads a template and saves it."""

from __future__ import annotations

import pytest

from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_SOURCE, filled_template
from tests.e2e.conftest import ARTIFACTS, add_editor, idle

PASSWORD = "browser secret 1"



@pytest.fixture(scope="module")
def editor(server) -> str:
    return add_editor(server[1], "erin", PASSWORD)


@pytest.mark.parametrize("path", ["upload", "history"])
def test_viewer_gets_no_upload_page_by_url(server, page, editor, path: str) -> None:
    url, _ = server
    pg, errors, outside = page
    pg.goto(f"{url}/")
    pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    idle(pg)
    nav = pg.get_by_test_id("stSidebarNav")
    assert nav.get_by_text("Upload data").count() == 0 and nav.get_by_text("Load history").count() == 0
    assert nav.get_by_text("Sign in").count() == 1
    pg.goto(f"{url}/{path}")  # typed into the address bar: not in the menu; the page says to sign in as an editor
    pg.get_by_text("This page is for signed-in editors only").wait_for(timeout=60_000)
    pg.get_by_role("link", name="Sign in as an editor").wait_for(timeout=30_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / f"upload_viewer_by_url_{path}.png"), full_page=True)
    assert pg.locator('input[type="file"]').count() == 0
    assert pg.get_by_role("button", name="Roll back").count() == 0
    assert pg.get_by_role("heading", name="Upload data").count() == 0
    assert outside == []


def test_editor_signs_in_uploads_a_template_and_saves_it(server, page, editor, tmp_path) -> None:
    url, store = server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(f"{url}/")
    pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    idle(pg)
    pg.get_by_test_id("stSidebarNav").get_by_text("Sign in").click()
    pg.get_by_label("User name").wait_for(timeout=30_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / "upload_sign_in.png"), full_page=True)
    pg.get_by_label("User name").fill(editor)
    pg.get_by_label("Password", exact=True).fill("wrong password")
    pg.get_by_role("button", name="Sign in").click()
    pg.get_by_text("Wrong user name or password.").wait_for(timeout=30_000)
    pg.get_by_label("User name").fill(editor)
    pg.get_by_label("Password", exact=True).fill(PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    pg.get_by_text("Signed in: erin (editor)").first.wait_for(timeout=30_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / "upload_signed_in.png"), full_page=True)

    pg.get_by_test_id("stSidebarNav").get_by_text("Upload data").click()
    pg.get_by_role("heading", name="Upload data").wait_for(timeout=30_000)
    idle(pg)
    rows = [("Kazakhstan", EXAMPLE_INDICATOR["code"], 2023, 7.9), ("Армения", EXAMPLE_INDICATOR["code"], 2023, "45%"),
            ("KGZ", EXAMPLE_INDICATOR["code"], 2023, "1 234,5")]
    path = tmp_path / "national-data.xlsx"
    path.write_bytes(filled_template(EXAMPLE_SOURCE, rows, [EXAMPLE_INDICATOR]))
    pg.locator('input[type="file"]').set_input_files(str(path))
    pg.get_by_text("What will change").wait_for(timeout=60_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / "upload_report.png"), full_page=True)
    boxes = pg.locator('[data-testid="stCheckbox"]')
    assert boxes.count() == 2  # '45%' read as 45; 1234.5 outside the declared scale 0-100
    for i in range(boxes.count()):
        boxes.nth(i).locator("label").click()
        idle(pg)
    pg.get_by_role("button", name="Save to the store").click()
    pg.get_by_text("Saved as batch").wait_for(timeout=60_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / "upload_saved.png"), full_page=True)
    with store.reader() as con:
        got = con.execute("SELECT iso3, value, b.user_name FROM observation o JOIN load_batch b USING (batch_id) "
                          "WHERE indicator_code = ? ORDER BY iso3", [EXAMPLE_INDICATOR["code"]]).fetchall()
    assert got == [("ARM", 45.0, "erin"), ("KAZ", 7.9, "erin"), ("KGZ", 1234.5, "erin")]

    pg.get_by_test_id("stSidebarNav").get_by_text("Load history").click()
    pg.get_by_role("heading", name="Load history").wait_for(timeout=30_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / "upload_history.png"), full_page=True)
    pg.get_by_role("button", name="Sign out").click()
    pg.get_by_test_id("stSidebarNav").get_by_text("Sign in").wait_for(timeout=30_000)
    idle(pg)
    assert pg.get_by_test_id("stSidebarNav").get_by_text("Upload data").count() == 0
    assert [e for e in errors if "favicon" not in e] == [], errors
    assert outside == []
