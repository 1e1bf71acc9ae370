"""In Chromium, in Russian: a ministry workbook no recipe reads goes in through the mapping step with the guess
as it is, the mapping is saved, and next year's file of the same shape is read by it with no mapping step."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import ARTIFACTS, add_editor, idle
from tests.fixtures.ministry_files import make

PASSWORD = "browser secret 3"



@pytest.fixture(scope="module")
def editor(server) -> str:
    return add_editor(server[1], "marat", PASSWORD)


def save_to_store(pg: Page) -> None:
    boxes = pg.locator('[data-testid="stCheckbox"]')
    for i in range(boxes.count()):
        boxes.nth(i).locator("label").click()
        idle(pg)
    pg.get_by_role("button", name="Сохранить в хранилище").click()
    pg.get_by_text("Сохранено как пакет").wait_for(timeout=60_000)
    idle(pg)


def test_a_ministry_workbook_is_mapped_saved_and_next_years_file_goes_in_by_it(server, page, editor,
                                                                               tmp_path) -> None:
    url, store = server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(f"{url}/")
    pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    idle(pg)
    pg.get_by_text("Русский", exact=True).click()
    idle(pg)
    pg.get_by_test_id("stSidebarNav").get_by_text("Вход", exact=True).click()
    pg.get_by_label("Имя пользователя").wait_for(timeout=60_000)
    pg.get_by_label("Имя пользователя").fill(editor)
    pg.get_by_label("Пароль", exact=True).fill(PASSWORD)
    pg.get_by_role("button", name="Войти").click()
    pg.get_by_test_id("stSidebarNav").get_by_text("Загрузка данных").click()
    pg.get_by_role("heading", name="Загрузка данных").wait_for(timeout=30_000)
    idle(pg)

    made = make("one_year", 5, tmp_path)  # year only in the sheet name, two-row header, a unit row
    pg.locator('input[type="file"]').set_input_files(str(made.path))
    pg.get_by_role("button", name="Проверить файл").wait_for(timeout=60_000)
    pg.set_viewport_size({"width": 1400, "height": 3600})
    idle(pg)
    pg.wait_for_timeout(1500)  # the sample table is drawn on a canvas after the page settles
    pg.screenshot(path=str(ARTIFACTS / "mapping_step_ru.png"), full_page=True)
    pg.get_by_role("button", name="Проверить файл").click()  # the guess as it is: no field changed
    pg.get_by_role("button", name="Сохранить сопоставление").wait_for(timeout=60_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / "mapping_checked_ru.png"), full_page=True)
    pg.get_by_role("button", name="Сохранить сопоставление").click()
    pg.get_by_text("Сохранено как «").wait_for(timeout=30_000)
    idle(pg)
    save_to_store(pg)
    assert list((store.dir / "recipes").glob("*.yaml"))

    wb = openpyxl.load_workbook(made.path)
    for ws in wb.worksheets:
        ws.title = ws.title.replace("2023", "2024").replace("2022", "2021")
    later = tmp_path / "next_year.xlsx"
    wb.save(later)
    pg.locator('input[type="file"]').set_input_files(str(later))
    pg.get_by_role("button", name="Сохранить в хранилище").wait_for(timeout=60_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / "mapping_next_year_ru.png"), full_page=True)
    assert pg.get_by_role("button", name="Проверить файл").count() == 0  # no mapping step: the saved one read it
    save_to_store(pg)
    with store.reader() as con:
        years = {y for (y,) in con.execute("SELECT DISTINCT o.year FROM observation o JOIN load_batch b "
                                            "USING (batch_id) WHERE b.user_name = ?", [editor]).fetchall()}
    assert 2024 in years and 2023 in years
    assert [e for e in errors if "favicon" not in e] == [], errors
    assert outside == []
