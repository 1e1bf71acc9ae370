"""Sign-in, upload (template and mapping), report, preview, commit, history and rollback through AppTest."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from accounts import users
from etl.setup_store import init_store
from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_SOURCE, filled_template
from store import Store
from tests.conftest import ROOT

IND = EXAMPLE_INDICATOR["code"]
ROWS = [("Kazakhstan", IND, 2022, 8.4), ("Кыргызстан", IND, 2022, 11.2), ("UZB", IND, 2022, "1 234,5"),
        ("Armenia", IND, 2022, "45%")]
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """The uploaded copies of these tests, in a folder of their own."""
    folder = tmp_path / "uploads"
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(folder))
    return folder


def kept(folder) -> list[str]:
    """The names of the uploaded copies waiting in the upload folder."""
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def fresh_store(store: Store) -> Store:
    """A new store with reference data only, for uploads of the published files the starter pack holds."""
    init_store(store, starter_pack=False)
    users.add_user("anna", PASSWORD, "editor")
    return store


@pytest.fixture
def live_store(starter_store: Store) -> Store:
    """The default store (published data), with an editor and a viewer."""
    store = starter_store
    users.add_user("anna", PASSWORD, "editor")
    users.add_user("victor", PASSWORD, "viewer")
    return store


def app(user: tuple[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    if user:
        at.session_state["up_user"] = user
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def sql(store: Store, query: str, params: list | None = None) -> list[tuple]:
    with store.reader() as con:
        return con.execute(query, params or []).fetchall()


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    go(at, "sign_in")
    at.text_input(key="up_name").set_value(name)
    at.text_input(key="up_password").set_value(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def titles(at: AppTest) -> list[str]:
    return [x.value for x in at.title]


def test_wrong_password_is_refused_and_the_right_one_signs_in(live_store: Store, menus) -> None:
    at = sign_in(app(), "anna", "not the password")
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    assert "up_user" not in at.session_state
    sign_in(at, "anna", PASSWORD)  # one failure: no delay yet
    assert at.session_state["up_user"] == ("anna", "editor")
    assert [s.value for s in at.success] == ["Signed in: anna (editor)"]
    app(at.session_state["up_user"]).run()
    assert {"upload", "history"} <= menus[-1]


def test_repeated_failures_make_the_next_attempt_wait(live_store: Store) -> None:
    at = app()
    for _ in range(users.FREE_FAILURES + 1):
        sign_in(at, "anna", "wrong")
    sign_in(at, "anna", PASSWORD)  # right password, too soon: refused without checking it
    assert "up_user" not in at.session_state
    assert "wait" in at.error[0].value


@pytest.fixture
def menus(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The pages each run's sidebar lists (hidden pages are reachable by their address only)."""
    import streamlit as st

    seen: list[set[str]] = []
    navigation = st.navigation

    def spy(pages, **kwargs):
        seen.append({p.url_path for section in pages.values() for p in section if p.visibility == "visible"})
        return navigation(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    return seen


@pytest.mark.parametrize("user", [None, ("victor", "viewer")])
@pytest.mark.parametrize("page", ["upload", "history"])
def test_viewers_reach_neither_upload_nor_history(live_store: Store, menus, user, page: str) -> None:
    at = app(user)
    at.run()
    assert not ({"upload", "history"} & menus[-1]), "an editor page is in a viewer's menu"
    go(at, page)  # opened by its address: told to sign in as an editor, nothing else
    assert titles(at) == []
    assert not at.get("file_uploader") and not at.button and not at.dataframe
    message = at.error[0].value
    assert ("editors only" in message) if user is None else ("viewer role" in message and "victor" in message)
    assert any(link.proto.label == "Sign in as an editor" for link in at.get("page_link"))
    alone = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)  # the page checks by itself
    if user:
        alone.session_state["up_user"] = user
    alone.run()
    assert titles(alone) == []
    assert "editors only" in alone.error[0].value or "viewer role" in alone.error[0].value
    assert not alone.get("file_uploader") and not alone.button


def test_whole_flow_template_mapping_replace_and_rollback(live_store: Store, upload_dir) -> None:
    at = sign_in(app(), "anna", PASSWORD)
    batches_before = sql(live_store, "SELECT count(*) FROM load_batch")[0][0]

    # 1. a filled template: detected, two warnings to accept, preview, commit
    go(at, "upload")
    assert titles(at) == ["Upload data"]
    assert at.get("download_button")  # the template
    first = filled_template(EXAMPLE_SOURCE, ROWS, [EXAMPLE_INDICATOR])
    at.get("file_uploader")[0].upload("national.xlsx", first).run()
    assert not at.exception, at.exception
    assert kept(upload_dir) == ["national.xlsx"]
    warnings = [c.label for c in at.checkbox]
    assert any("45%" in w for w in warnings)
    assert at.button(key="up_commit").disabled
    assert sql(live_store, "SELECT count(*) FROM load_batch")[0][0] == batches_before  # nothing written yet
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"added": "4", "changed": "0", "unchanged": "0"}
    for box in at.checkbox:
        box.check()
    at.run()
    assert not at.button(key="up_commit").disabled
    at.button(key="up_commit").click().run()
    assert not at.exception, at.exception
    assert "Saved as batch" in at.success[0].value
    rows = dict(sql(live_store, "SELECT iso3, value FROM observation WHERE indicator_code = ?", [IND]))
    assert rows == {"KAZ": 8.4, "KGZ": 11.2, "UZB": 1234.5, "ARM": 45.0}
    (batch1, user, name) = sql(live_store, "SELECT batch_id, user_name, file_name FROM load_batch "
                                           "ORDER BY batch_id DESC LIMIT 1")[0]
    assert (user, name) == ("anna", "national.xlsx")
    assert sql(live_store, "SELECT count(*) FROM indicator WHERE code = ?", [IND])[0][0] == 1
    assert kept(upload_dir) == []  # saved: the store keeps the original, the temporary copy is gone

    # 2. the same file again: refused politely, nothing changes, no copy kept
    at.run()
    assert any("already loaded" in i.value for i in at.info)
    assert kept(upload_dir) == []
    assert sql(live_store, "SELECT count(*) FROM load_batch")[0][0] == batches_before + 1

    # 3. a table in no known layout: the mapping step (years across, one new indicator)
    wide = "Страна;2021;2022\nKazakhstan;55,5;57\nArmenia;61;63,5\n".encode("cp1251")
    at.get("file_uploader")[0].set_value(("scores.csv", wide, "text/csv")).run()
    assert not at.exception, at.exception
    assert kept(upload_dir) == ["scores.csv"]
    assert any("not one the dashboard knows" in i.value for i in at.info)
    assert at.selectbox(key="up_map_country").value == "Страна"  # guessed from the cells
    assert at.radio(key="up_map_years").value == "across"
    at.text_input(key="up_map_newcode_0").set_value("nat.merit_score")
    at.text_input(key="up_map_unit_0").set_value("points")
    at.text_input(key="up_map_src_name").set_value("Merit survey")
    at.text_input(key="up_map_src_edition").set_value("2023")
    at.button(key="up_map_check").click().run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric} == {"added": "4", "changed": "0", "unchanged": "0"}
    for box in at.checkbox:  # the Windows-1251 warning
        box.check()
    at.run()
    at.button(key="up_commit").click().run()
    assert "Saved as batch" in at.success[0].value
    got = sql(live_store, "SELECT iso3, year, value FROM observation WHERE indicator_code = 'nat.merit_score' "
                          "ORDER BY iso3, year")
    assert got == [("ARM", 2021, 61.0), ("ARM", 2022, 63.5), ("KAZ", 2021, 55.5), ("KAZ", 2022, 57.0)]

    # 4. a corrected edition of the first file: one value changes, its replacement is a warning to accept
    second = filled_template(EXAMPLE_SOURCE, [("Kazakhstan", IND, 2022, 9.1), *ROWS[1:3]], [EXAMPLE_INDICATOR])
    at.get("file_uploader")[0].set_value(("national-corrected.xlsx", second, "application/octet-stream")).run()
    assert kept(upload_dir) == ["national-corrected.xlsx"]
    assert {m.label: m.value for m in at.metric} == {"added": "0", "changed": "1", "unchanged": "2"}
    replace = [c for c in at.checkbox if "would be replaced" in c.label]
    assert len(replace) == 1 and "8\\.4 \\-\\> 9\\.1" in replace[0].label
    table = at.dataframe[-1].value
    assert table.iloc[0].tolist()[:6] == ["changed", IND, "KAZ", 2022, "8.4", "9.1"]
    for box in at.checkbox:
        box.check()
    at.run()
    at.button(key="up_commit").click().run()
    assert sql(live_store, "SELECT value FROM observation WHERE indicator_code = ? AND iso3 = 'KAZ'", [IND]) == [(9.1,)]
    batch3 = sql(live_store, "SELECT max(batch_id) FROM load_batch")[0][0]

    # 5. history: every batch listed; roll back the correction, which restores 8.4
    go(at, "history")
    assert titles(at) == ["Load history"]
    listed = at.dataframe[0].value
    assert {batch1, batch3} <= set(listed["Batch"])
    at.selectbox(key="up_hist_batch").set_value(batch3).run()
    assert any(b.label == "Download the original file" for b in at.get("download_button"))
    assert at.button(key="up_hist_rollback").disabled
    at.checkbox(key="up_hist_confirm").check().run()
    at.button(key="up_hist_rollback").click().run()
    assert not at.exception, at.exception
    assert "rolled back" in at.success[0].value
    assert sql(live_store, "SELECT value FROM observation WHERE indicator_code = ? AND iso3 = 'KAZ'", [IND]) == [(8.4,)]
    status = sql(live_store, "SELECT status, rolled_back_by FROM load_batch WHERE batch_id = ?", [batch3])
    assert status == [("rolled_back", "anna")]
    assert (live_store.dir / "files" / sql(live_store, "SELECT sha256 FROM load_batch WHERE batch_id = ?",
                                           [batch1])[0][0]).read_bytes() == first


def test_a_file_with_errors_shows_them_all_and_offers_the_marked_up_file(live_store: Store) -> None:
    at = go(app(("anna", "editor")), "upload")
    bad = filled_template(EXAMPLE_SOURCE, [("Kazakhstan", IND, "last year", 8.4), ("Armenia", IND, 2022, "abc")],
                          [EXAMPLE_INDICATOR])
    at.get("file_uploader")[0].upload("bad.xlsx", bad).run()
    assert not at.exception, at.exception
    assert "nothing was saved" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems[["Sheet", "Row", "Column"]].values.tolist() == [["Data", 2, "Year"], ["Data", 3, "Value"]]
    assert not at.button  # no commit button at all
    report = next(b for b in at.get("download_button") if "report" in b.label.lower())
    assert report is not None
    from openpyxl import load_workbook

    from etl.validate.annotate import report_workbook
    from etl.validate.review import review

    path = live_store.dir.parent / "bad.xlsx"
    path.write_bytes(bad)
    marked = load_workbook(io.BytesIO(report_workbook(path, review(path).problems)))
    assert marked.sheetnames[0] == "Problems"
    assert marked["Data"]["C2"].comment is not None and marked["Data"]["D3"].fill.fgColor.rgb.endswith("F4B6B6")


def test_with_openid_connect_configured_the_role_comes_from_the_accounts_file(live_store: Store, menus) -> None:
    users.add_user("anna@agency.example", PASSWORD, "editor")

    def oidc(user: dict) -> AppTest:
        at = app()
        at.secrets["auth"] = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x" * 32,
                              "client_id": "id", "client_secret": "secret",
                              "server_metadata_url": "https://login.example/.well-known/openid-configuration"}
        at.user = user
        at.run()
        assert not at.exception, at.exception
        return at

    at = go(oidc({"is_logged_in": False}), "sign_in")
    assert [b.label for b in at.button] == ["Sign in (editors)"]  # st.login's button, no password form
    assert not at.text_input
    oidc({"is_logged_in": True, "email": "anna@agency.example"})
    assert {"upload", "history"} <= menus[-1]
    oidc({"is_logged_in": True, "email": "someone@else.example"})  # no account: a viewer
    assert not ({"upload", "history"} & menus[-1])


def test_upload_and_history_speak_russian(live_store: Store) -> None:
    at = app(("anna", "editor"))
    at.session_state["lang"] = "ru"
    go(at, "upload")
    assert titles(at) == ["Загрузка данных"]
    assert at.get("download_button")[0].proto.label == "Скачать шаблон (xlsx)"
    at = app(("anna", "editor"))
    at.session_state["lang"] = "ru"
    go(at, "history")
    assert titles(at) == ["История загрузок"]
    assert "Пакет" in at.dataframe[0].value.columns


def test_a_published_file_in_a_known_layout_goes_straight_to_the_report(fresh_store: Store) -> None:
    from tests.conftest import real_file

    at = go(app(("anna", "editor")), "upload")
    data = real_file("egdi/EGOV_DATA_2022.csv").read_bytes()
    at.get("file_uploader")[0].upload("EGOV_DATA_2022.csv", data, "text/csv").run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("Read with the recipe egdi") for c in at.caption)
    assert not at.error and not at.selectbox  # no mapping step
    counts = {m.label: m.value for m in at.metric}
    assert int(counts["added"].replace(",", "")) > 1000 and counts["changed"] == "0"
    for box in at.checkbox:
        box.check()
    at.run()
    at.button(key="up_commit").click().run()
    assert "Saved as batch" in at.success[0].value
    assert sql(fresh_store, "SELECT count(*) FROM observation WHERE indicator_code = 'egdi.egdi'")[0][0] > 150


def test_survey_files_go_through_the_editor_flow_and_roll_back(fresh_store: Store) -> None:
    from tests.conftest import real_file

    at = sign_in(app(), "anna", PASSWORD)
    go(at, "upload")
    labels = [b.label for b in at.get("download_button")]
    assert "Survey template: respondents" in labels and "Survey template: published results" in labels
    before = sql(fresh_store, "SELECT count(*) FROM load_batch")[0][0]

    # a survey file with a fault (a result row repeated): a located error, nothing written
    text = real_file("surveys/gsps_national_all_respondents.csv").read_text(encoding="utf-8")
    header, first = list(csv.reader(io.StringIO(text)))[:2]  # question texts hold line breaks: parse, not split
    repeated = io.StringIO()
    csv.writer(repeated).writerows([header, first, first])
    at.get("file_uploader")[0].upload("gsps-repeated.csv", repeated.getvalue().encode()).run()
    assert not at.exception, at.exception
    assert "Recognised as a civil-servant survey file." in [c.value for c in at.caption]
    problems = at.dataframe[0].value
    assert problems["Problem"].iloc[0] == "the same result appears twice in the file"
    assert problems["Row"].iloc[0] == 3 and problems["Column"].iloc[0] == "indicator"
    assert sql(fresh_store, "SELECT count(*) FROM load_batch")[0][0] == before

    # the real GSPS file: preview counts, commit, then the results are in the survey view
    at.get("file_uploader")[0].upload("gsps_national_all_respondents.csv", text.encode()).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Surveys (country and year)"]) > 20 and int(metrics["Published results"].replace(",", "")) > 100
    assert sql(fresh_store, "SELECT count(*) FROM load_batch")[0][0] == before
    for box in at.checkbox:
        box.check()
    at.run()
    at.button(key="up_commit").click().run()
    assert not at.exception, at.exception
    assert "Saved as batch" in at.success[0].value
    assert sql(fresh_store, "SELECT count(*) FROM v_survey_results WHERE iso3 = 'ARM' AND year = 2023")[0][0] > 10
    (batch, user) = sql(fresh_store, "SELECT batch_id, user_name FROM load_batch ORDER BY batch_id DESC LIMIT 1")[0]
    assert user == "anna"

    # rolled back on the history page: the survey results are gone
    go(at, "history")
    at.selectbox(key="up_hist_batch").set_value(batch).run()
    at.checkbox(key="up_hist_confirm").check().run()
    at.button(key="up_hist_rollback").click().run()
    assert not at.exception, at.exception
    assert "rolled back" in at.success[0].value
    assert sql(fresh_store, "SELECT count(*) FROM v_survey_results WHERE iso3 = 'ARM'")[0][0] == 0


def test_an_xls_made_by_libreoffice_goes_through_the_page_like_the_xlsx(live_store: Store, upload_dir,
                                                                        tmp_path) -> None:
    from tests.etl.test_office_formats import convert

    source = tmp_path / "national.xlsx"
    source.write_bytes(filled_template(EXAMPLE_SOURCE, ROWS, [EXAMPLE_INDICATOR]))
    convert([source], "xls", tmp_path)
    at = go(app(("anna", "editor")), "upload")
    bad = filled_template(EXAMPLE_SOURCE, [("Kazakhstan", IND, "2022 year", 8.4)], [EXAMPLE_INDICATOR])
    at.get("file_uploader")[0].upload("bad.xlsx", bad).run()
    assert kept(upload_dir) == ["bad.xlsx"]
    at.get("file_uploader")[0].upload("national.xls", (tmp_path / "national.xls").read_bytes()).run()
    assert not at.exception, at.exception
    assert kept(upload_dir) == ["national.xls"]  # the earlier file of this session is gone
    assert {m.label: m.value for m in at.metric} == {"added": "4", "changed": "0", "unchanged": "0"}
    assert any("45%" in c.label for c in at.checkbox)
    for box in at.checkbox:
        box.check()
    at.run()
    at.button(key="up_commit").click().run()
    assert not at.exception, at.exception
    assert "Saved as batch" in at.success[0].value
    rows = dict(sql(live_store, "SELECT iso3, value FROM observation WHERE indicator_code = ?", [IND]))
    assert rows == {"KAZ": 8.4, "KGZ": 11.2, "UZB": 1234.5, "ARM": 45.0}
    assert sql(live_store, "SELECT file_name FROM load_batch ORDER BY batch_id DESC LIMIT 1") == [("national.xls",)]
    assert kept(upload_dir) == []


def test_surveys_already_in_the_store_are_refused_with_a_message_not_a_traceback(live_store: Store) -> None:
    from tests.conftest import real_file

    at = sign_in(app(), "anna", PASSWORD)
    go(at, "upload")
    # the starter pack's GSPS file again, with other bytes (line endings as Python writes them): the same surveys
    text = real_file("surveys/gsps_national_all_respondents.csv").read_text(encoding="utf-8")
    at.get("file_uploader")[0].upload("gsps-again.csv", text.encode()).run()
    assert not at.exception, at.exception
    before = sql(live_store, "SELECT count(*) FROM load_batch")[0][0]
    for box in at.checkbox:
        box.check()
    at.run()
    at.button(key="up_commit").click().run()
    assert not at.exception, at.exception
    assert "surveys already in the store" in at.error[0].value and "roll back batch" in at.error[0].value
    assert sql(live_store, "SELECT count(*) FROM load_batch")[0][0] == before


# ---- survey form exports --------------------------------------------------------------------------------------


def _form(lang: str = "ru", seed: int = 7, n: tuple[int, ...] = (70, 45, 8)) -> bytes:
    from tests.fixtures.survey_forms import form_rows, truth, xlsx

    return xlsx(form_rows(truth(n=n, seed=seed, lang=lang), lang=lang))


def _role_boxes(at: AppTest) -> dict[str, object]:
    return {box.key: box for box in at.selectbox if box.key and box.key.startswith("sf_role_")}


def test_a_survey_form_export_goes_in_through_the_page_and_shows_in_history(live_store: Store) -> None:
    at = app(("anna", "editor"))
    at.session_state["lang"] = "ru"
    go(at, "upload")
    at.get("file_uploader")[0].upload("Анкета 2024.xlsx", _form()).run()
    assert not at.exception, at.exception
    assert any("Распознана выгрузка анкеты" in i.value and "123" in i.value for i in at.info)
    roles = _role_boxes(at)
    open_ = [b for b in roles.values() if b.value is None]
    assert len(open_) == 1 and open_[0].options == ["нейтральный (середина)", "не знаю (не учитывается)"]
    assert "Затрудняюсь ответить" in at.warning[0].value  # asked, never guessed
    assert at.number_input(key="sf_year").value == 2024
    assert not any(b.key == "up_commit" for b in at.button)  # nothing to save before Check
    # Check with the open answer still open: refused, located, in Russian
    at.text_input(key="sf_src_publisher").set_value("Агентство по делам госслужбы")
    at.text_input(key="sf_src_licence").set_value("CC BY 4.0")
    at.button(key="sf_check").click().run()
    problems = at.dataframe[-1].value
    assert problems["Проблема"].tolist() == ["ответу «Затрудняюсь ответить» не назначено значение"]
    assert problems["Значение"].tolist() == ["Затрудняюсь ответить"]
    open_[0].set_value("neutral").run()
    at.button(key="sf_check").click().run()
    assert not at.exception, at.exception
    from tests.fixtures.survey_forms import truth

    answered = sum(int(a.notna().sum().sum()) for a in truth().answers)  # «затрудняюсь» counts: it is the middle
    assert {m.label: m.value.replace("\xa0", " ") for m in at.metric} == {
        "Опросы (страна и год)": "3", "Вопросы": "11", "Респонденты": "123",
        "Ответы": f"{answered:,}".replace(",", " ")}
    preview = at.dataframe[-1].value
    assert preview["Страна"].tolist() == ["Казахстан", "Кыргызстан", "Армения"]
    assert preview["Респонденты"].tolist() == [70, 45, 8]
    at.button(key="up_commit").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.endswith("респондентов — 123, опросов — 3.")
    assert sql(live_store, "SELECT count(*) FROM survey_respondent WHERE survey_id LIKE 'анкета:2024:%'") == [(123,)]

    go(at, "history")
    listed = at.dataframe[0].value
    assert listed["Респонденты"].iloc[0] == 123 and listed["Формат"].iloc[0] == "survey_form"
    assert "респондентов — 123" in at.caption[1].value  # the newest batch is picked: its surveys, not its rows
    surveys = at.dataframe[1].value
    assert surveys["Страна"].tolist() == ["Армения", "Казахстан", "Кыргызстан"]
    assert surveys["Респонденты"].tolist() == [8, 70, 45]


def test_every_field_is_recomputed_for_a_new_file(live_store: Store) -> None:
    at = go(app(("anna", "editor")), "upload")
    at.get("file_uploader")[0].upload("form-a.xlsx", _form()).run()
    (open_,) = [b for b in _role_boxes(at).values() if b.value is None]
    open_.set_value("dont_know")
    at.number_input(key="sf_year").set_value(2021)
    at.text_input(key="sf_src_publisher").set_value("Agency A").run()
    at.get("file_uploader")[0].set_value(("form-b.xlsx", _form("en", seed=3), "application/octet-stream")).run()
    assert not at.exception, at.exception
    assert at.number_input(key="sf_year").value == 2024 and at.text_input(key="sf_src_publisher").value == ""
    assert [b.options for b in _role_boxes(at).values() if b.value is None] == [
        ["neutral (the middle)", "don't know (not counted)"]]  # the new file's «Don't know» is asked again
    assert at.text_input(key="sf_src_name").value == "form b"

    # the indicator mapping too: years across for the first table, down for the second
    wide = "Страна;2021;2022\nKazakhstan;55,5;57\nArmenia;61;63,5\n".encode("cp1251")
    at.get("file_uploader")[0].set_value(("wide.csv", wide, "text/csv")).run()
    assert at.radio(key="up_map_years").value == "across"
    at.radio(key="up_map_years").set_value("down").run()
    long = b"Country,Year,Score\nKazakhstan,2021,55.5\nArmenia,2021,61\n"
    at.get("file_uploader")[0].set_value(("long.csv", long, "text/csv")).run()
    assert not at.exception, at.exception
    assert at.radio(key="up_map_years").value == "down"
    at.get("file_uploader")[0].set_value(("wide-2.csv", wide.replace(b"57", b"58"), "text/csv")).run()
    assert at.radio(key="up_map_years").value == "across"  # not the previous file's choice


def test_the_mapping_step_names_columns_by_letter_and_shows_whole_years(live_store: Store) -> None:
    at = go(app(("anna", "editor")), "upload")
    long = b"Country,Year,Score\nKazakhstan,2015,55.5\nArmenia,2016,61\n"
    at.get("file_uploader")[0].upload("long.csv", long, "text/csv").run()
    sample = at.dataframe[0].value
    assert list(sample.columns) == ["A", "B", "C"]
    assert sample["B"].tolist()[1:] == ["2015", "2016"]  # not 2015.0
    country = at.selectbox(key="up_map_country")
    assert country.value == "Country" and "A · Country" in country.options


def test_problems_are_shown_in_the_interface_language_and_counted_when_cut_short() -> None:
    def page(lang: str, n: int) -> None:
        from core.errors import coded
        from ui import problems

        problems.show([coded("sf_bad_weight", file="f.xlsx", sheet="S", row=i + 2, column="Вес", value=2015.0)
                       for i in range(n)], lang)

    at = AppTest.from_function(page, args=("ru", 230), default_timeout=30).run()
    table = at.dataframe[0].value
    assert len(table) == 200 and table["Проблема"].iloc[0] == "вес не указан, равен нулю или отрицателен"
    assert table["Значение"].iloc[0] == "2015" and table["Как исправить"].iloc[0].startswith("у каждого респондента")
    assert at.caption[0].value == "Показаны первые 200; ещё 30 — в отчёте для скачивания."
    at = AppTest.from_function(page, args=("kk", 3), default_timeout=30).run()
    table = at.dataframe[0].value
    assert table["Мәселе"].tolist() == ["салмақ көрсетілмеген, нөлге тең немесе теріс"] * 3
    assert table["Қалай түзетуге болады"].iloc[0].startswith("әр респонденттің салмағы оң")
    at = AppTest.from_function(page, args=("en", 3), default_timeout=30).run()
    assert at.dataframe[0].value["Problem"].tolist() == ["the weight is missing, zero or negative"] * 3
    assert not at.caption


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_why_no_recipe_fits_is_said_in_the_interface_language(live_store: Store, lang: str) -> None:
    """The closest recipe's reason under the mapping step: the catalogue's words, not the loaders' English."""
    at = app(("anna", "editor"))
    at.session_state["lang"] = lang
    go(at, "upload")
    wide = "Страна;2021;2022\nKazakhstan;55,5;57\nArmenia;61;63,5\n".encode("cp1251")
    at.get("file_uploader")[0].set_value(("scores.csv", wide, "text/csv")).run()
    assert not at.exception, at.exception
    from core.i18n import Language

    said = Language(lang).t("src_closest", reason="")
    why = [c.value.replace("\\", "") for c in at.caption if c.value.replace("\\", "").startswith(said)]
    assert len(why) == 1, [c.value for c in at.caption]
    english = ("closest recipe", "no header row", "the column", "in sheet", "the file", " or ")
    assert not [w for w in english if w in why[0]], why[0]
    assert "'" in why[0]  # the recipe's name and the missing column are quoted as they are
