"""The mapping step on the upload page (AppTest): generated ministry files go in with the guess as it is (the
fields a person changes are counted), a bad mapping is refused with the store unchanged, and a saved mapping
reads next year's file with no choice and can be removed."""

from __future__ import annotations

import math

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from accounts import users
from etl.harmonise import countries
from etl.setup_store import init_store
from store import Store
from tests.conftest import ROOT
from tests.fixtures.ministry_files import SHAPES, make

MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv"}


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))


@pytest.fixture
def editor_store(store: Store) -> Store:
    init_store(store, starter_pack=False)
    users.add_user("anna", "correct horse battery", "editor")
    return store


def page(lang: str = "ru") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["up_user"] = ("anna", "editor")
    at.session_state["lang"] = lang
    at.switch_page("pages/upload.py").run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, path) -> AppTest:
    at.get("file_uploader")[0].set_value((path.name, path.read_bytes(), MIME[path.suffix])).run()
    assert not at.exception, at.exception
    return at


def accept_and_save(at: AppTest) -> None:
    for box in at.checkbox:
        box.check()
    at.run()
    at.button(key="up_commit").click().run()
    assert not at.exception, at.exception


def stored(store: Store) -> dict:
    with store.reader() as con:
        rows = con.execute("SELECT iso3, year, value FROM observation").fetchall()
    out: dict = {}
    for iso3, year, value in rows:
        out.setdefault((iso3, year), []).append(None if value is None or math.isnan(value) else value)
    return out


@pytest.mark.parametrize("shape", SHAPES)
def test_a_ministry_file_goes_in_with_the_guess_unchanged(editor_store: Store, tmp_path, shape: str) -> None:
    made = make(shape, 4, tmp_path)
    at = upload(page(), made.path)
    changed = 0  # fields of the mapping form set by hand: none, the guess is taken as it is
    assert at.selectbox(key="up_map_country").value == made.expected["country_column"]
    assert at.radio(key="up_map_years").value == made.expected["years"]
    assert at.number_input(key="up_map_header").value == made.expected["header_row"]
    at.button(key="up_map_check").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    accept_and_save(at)
    assert changed == 0 and any("batch" in s.value.casefold() or "пакет" in s.value.casefold() for s in at.success)
    got = stored(editor_store)
    for (iso3, year, _), value in made.values.items():
        if value is not None:
            assert value in got[(iso3, year)], (iso3, year)
    assert all(countries.country_name(i, "en") for i, _ in got)


def test_a_saved_mapping_reads_next_years_file_with_no_choice_and_can_be_removed(editor_store: Store,
                                                                                tmp_path) -> None:
    made = make("one_year", 0, tmp_path)
    at = upload(page("en"), made.path)
    at.button(key="up_map_check").click().run()
    at.text_input(key="up_map_save_name").set_value("staff_stats")
    at.button(key="up_map_save").click().run()
    assert not at.exception, at.exception
    saved = editor_store.dir / "recipes" / "staff_stats.yaml"
    assert saved.is_file() and "by: anna" in saved.read_text(encoding="utf-8")
    accept_and_save(at)
    wb = openpyxl.load_workbook(made.path)
    ws = wb.worksheets[0]
    ws.title = ws.title.replace("2023", "2024")
    later = tmp_path / "next_year.xlsx"
    wb.save(later)
    upload(at, later)
    assert not _has(at, "up_map_country")  # read by the saved mapping: no mapping step, no choice
    assert any("staff_stats" in c.value.replace("\\", "") and "2024" in c.value for c in at.caption)  # no mapping
    accept_and_save(at)
    assert {year for _, year in stored(editor_store)} == {2023, 2024}
    listed = [e for e in at.expander if "Saved mappings (1)" in e.label]
    assert listed
    at.button(key="up_map_remove_staff_stats").click().run()
    assert not saved.exists()


def _has(at: AppTest, key: str) -> bool:
    try:
        at.selectbox(key=key)
    except KeyError:
        return False
    return True


def test_a_fixed_year_out_of_range_is_refused_located_and_nothing_is_stored(editor_store: Store, tmp_path) -> None:
    made = make("one_year", 0, tmp_path)
    at = upload(page("ru"), made.path)
    at.radio(key="up_map_year_from").set_value("typed").run()
    at.number_input(key="up_map_fixed_year").set_value(1850).run()
    at.button(key="up_map_check").click().run()
    assert not at.exception, at.exception
    assert at.error and not _has_button(at, "up_commit")
    shown = at.dataframe[-1].value.iloc[0]
    assert (shown["Лист"], shown["Значение"], shown["Проблема"]) == ("Данные 2023", "1850",
                                                                  "год 1850 не между 1900 и 2100")
    assert stored(editor_store) == {}


def _has_button(at: AppTest, key: str) -> bool:
    try:
        at.button(key=key)
    except KeyError:
        return False
    return True


def test_years_down_with_an_indicator_column_and_a_value_column_is_offered_and_loads(editor_store: Store,
                                                                                      tmp_path) -> None:
    """Years down, one row per country, indicator and year: the form offers an indicator column and a value
    column (guessed when the file is shaped so), and what it reads is what the file holds."""
    path = tmp_path / "long.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Данные"
    ws.append(["Страна", "Год", "Показатель", "Значение"])
    written = {}
    for i, (name, iso3) in enumerate([("Казахстан", "KAZ"), ("Грузия", "GEO"), ("Армения", "ARM")]):
        for year in (2021, 2022):
            for code in ("wgi.ge", "wgi.rl"):
                value = round(0.1 * i + 0.01 * (year - 2020) + (0.5 if code == "wgi.rl" else 0), 3)
                ws.append([name, year, code, value])
                written[(iso3, year, code)] = value
    wb.save(path)
    at = upload(page("ru"), path)
    assert at.radio(key="up_map_years").value == "down"
    assert at.radio(key="up_map_down_layout").options == ["по столбцу на каждый показатель",
                                                         "столбец показателя и столбец значения"]
    if at.radio(key="up_map_down_layout").value != "long":  # counted: a field set by hand
        at.radio(key="up_map_down_layout").set_value("long").run()
    at.selectbox(key="up_map_ind_col").set_value("Показатель").run()
    at.selectbox(key="up_map_value_col").set_value("Значение").run()
    at.button(key="up_map_check").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    accept_and_save(at)
    with editor_store.reader() as con:
        rows = con.execute("SELECT iso3, year, indicator_code, value FROM observation").fetchall()
    assert {(i, y, c): v for i, y, c, v in rows} == written


def test_the_indicator_list_offers_no_demo_indicator_for_real_data(editor_store: Store, tmp_path) -> None:
    from etl import catalogue

    demo = {c for c, m in catalogue.indicators().items() if catalogue.is_demo_dataset(m.dataset)}
    assert demo  # the catalogue has demonstration indicators: the list must leave them out
    made = make("one_year", 1, tmp_path)
    at = upload(page("en"), made.path)
    offered = set(at.selectbox(key="up_map_code_0").options)
    assert "wgi.ge" in offered and not offered & demo


def test_every_text_key_of_the_mapping_step_exists_in_every_language() -> None:
    """The keys the mapping step uses (texts, coded problems, the keys built from a choice) are in the English,
    Russian and Kazakh catalogues."""
    import re

    from core.i18n import Language

    files = [ROOT / "ui" / "mapping_form.py", ROOT / "etl" / "recipes" / "mapping.py", ROOT / "etl" / "recipes" /
             "parse.py", ROOT / "pages" / "upload.py"]
    code = "\n".join(f.read_text(encoding="utf-8") for f in files)
    used = set(re.findall(r"""\.t\(\s*["']([a-zA-Z_0-9]+)["']""", code))
    used |= {f"pr_{c}" for c in re.findall(r"""coded\(\s*["']([a-z_0-9]+)["']""", code)}
    dynamic = {f"up_map_years_{v}" for v in ("down", "across", "fixed")} | {
        f"up_map_down_layout_{v}" for v in ("columns", "long")} | {
        f"up_map_year_from_{v}" for v in ("typed", "sheet", "title", "file")} | {
        f"map_where_{v}" for v in ("sheet", "title", "file")}
    assert len(used) > 30
    for code_ in ("en", "ru", "kk"):
        lang = Language(code_)
        assert sorted(k for k in used | dynamic if not lang.has(k)) == [], code_
