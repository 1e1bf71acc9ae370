"""In Chromium, in Russian and English: a survey form export is recognised, «Затрудняюсь ответить» is asked, saved."""

from __future__ import annotations

import pytest

from core.i18n import LANGUAGES
from tests.e2e.conftest import ARTIFACTS, add_editor, idle
from tests.fixtures.survey_forms import form_rows, truth, xlsx

PASSWORD = "browser secret 2"
TEXT = {
    "ru": {"sign_in": "Вход", "user": "Имя пользователя", "password": "Пароль", "button": "Войти",
           "upload": "Загрузка данных", "recognised": "Распознана выгрузка анкеты", "check": "Проверить",
           "choose": "выберите", "dont_know": "не знаю (не учитывается)", "publisher": "Организация (обязательно)",
           "licence": "Лицензия (обязательно), например CC BY 4.0", "save": "Сохранить",
           "saved": "Сохранено как пакет"},
    "en": {"sign_in": "Sign in", "user": "User name", "password": "Password", "button": "Sign in",
           "upload": "Upload data", "recognised": "Recognised as a survey form export", "check": "Check",
           "choose": "choose", "dont_know": "don't know (not counted)", "publisher": "Publisher (required)",
           "licence": "Licence (required), e.g. CC BY 4.0", "save": "Save to the store",
           "saved": "Saved as batch"},
}



@pytest.fixture(scope="module")
def editor(server) -> str:
    return add_editor(server[1], "sofia", PASSWORD)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_survey_form_export_goes_in_through_the_page(server, page, editor, tmp_path, lang: str) -> None:
    url, store = server
    pg, errors, outside = page
    text = TEXT[lang]
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(f"{url}/")
    pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    idle(pg)
    pg.get_by_text(LANGUAGES[lang], exact=True).click()
    idle(pg)
    pg.get_by_test_id("stSidebarNav").get_by_text(text["sign_in"], exact=True).click()
    pg.get_by_label(text["user"]).wait_for(timeout=60_000)
    idle(pg)
    pg.get_by_label(text["user"]).fill(editor)
    pg.get_by_label(text["password"], exact=True).fill(PASSWORD)
    pg.get_by_role("button", name=text["button"]).click()
    pg.get_by_test_id("stSidebarNav").get_by_text(text["upload"]).click()
    pg.get_by_role("heading", name=text["upload"]).wait_for(timeout=30_000)
    idle(pg)

    seed = {"ru": 11, "en": 12}[lang]  # each language its own file (the same file twice is refused)
    path = tmp_path / f"Анкета госслужащих {lang}.xlsx"
    path.write_bytes(xlsx(form_rows(truth(n=(40, 30, 12), seed=seed), lang=lang)))
    pg.locator('input[type="file"]').set_input_files(str(path))
    pg.get_by_text(text["recognised"]).wait_for(timeout=60_000)
    pg.set_viewport_size({"width": 1400, "height": 3400})  # the whole step in one picture
    idle(pg)
    pg.locator('.st-key-sf_role_agreement_0 [data-testid="stSelectbox"]').wait_for(timeout=30_000)
    pg.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    pg.wait_for_timeout(1500)  # the column table is drawn on a canvas after the page settles
    pg.screenshot(path=str(ARTIFACTS / f"survey_form_step_{lang}.png"), full_page=True)

    # the one open choice: what «Затрудняюсь ответить» / "Don't know" means on this form (third answer)
    ambiguous = pg.locator(".st-key-sf_role_agreement_2 input")
    assert ambiguous.input_value() == "" and ambiguous.get_attribute("placeholder") == text["choose"]  # not guessed
    ambiguous.click()
    pg.get_by_role("option", name=text["dont_know"]).click()
    idle(pg)
    pg.get_by_label(text["publisher"]).fill("Agency for Civil Service Affairs")
    pg.get_by_label(text["licence"]).fill("CC BY 4.0")
    pg.get_by_label(text["licence"]).press("Tab")
    idle(pg)
    pg.get_by_role("button", name=text["check"], exact=True).click()
    pg.get_by_role("button", name=text["save"]).wait_for(timeout=60_000)
    idle(pg)
    pg.screenshot(path=str(ARTIFACTS / f"survey_form_checked_{lang}.png"), full_page=True)
    pg.get_by_role("button", name=text["save"]).click()
    pg.get_by_text(text["saved"]).wait_for(timeout=60_000)
    idle(pg)
    with store.reader() as con:
        got = con.execute("SELECT s.iso3, count(*) FROM survey_respondent r JOIN survey s USING (survey_id) "
                          "JOIN load_batch b ON b.batch_id = r.batch_id WHERE b.file_name = ? GROUP BY 1 ORDER BY 1",
                          [path.name]).fetchall()
    assert got == [("ARM", 12), ("KAZ", 40), ("KGZ", 30)]
    assert [e for e in errors if "favicon" not in e] == [], errors
    assert outside == []
