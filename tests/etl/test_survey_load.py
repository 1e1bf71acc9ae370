"""Survey loads: the real GSPS and UK files, the templates, bad files located and refused, rollback."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from core.errors import ValidationError
from etl.demo.surveys import generate, workbook
from etl.load import load_file
from etl.recipes.survey import parse_survey
from etl.setup_store import init_store
from etl.templates.surveys import aggregate_template, respondent_template
from store import Store
from tests.conftest import ROOT, real_file

GSPS = "surveys/gsps_national_all_respondents.csv"
UK = "surveys/Civil_Service_People_Survey_2009_to_2020_Mean_Benchmark_Scores.csv"


@pytest.fixture
def empty(store: Store) -> Store:
    init_store(store, starter_pack=False)
    return store


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def rows(store: Store, sql: str) -> list[tuple]:
    with store.reader() as con:
        return con.execute(sql).fetchall()


def test_gsps_loads_through_the_cli_and_reads_back_through_the_view(empty: Store) -> None:
    path = real_file(GSPS)
    with path.open(encoding="utf-8") as f:
        published = next(r for r in csv.DictReader(f) if r["country_code"] == "ARM"
                         and r["indicator"] == "Job satisfaction")
    done = cli("load", str(path))
    assert done.returncode == 0, done.stderr
    assert "loaded as batch" in done.stdout
    out = cli("sql", "SELECT iso3, year, value, lower, upper, is_suppressed, survey FROM v_survey_results "
                     "WHERE question_label = 'Job satisfaction' AND iso3 = 'ARM'")
    assert out.returncode == 0, out.stderr
    header, line = list(csv.reader(out.stdout.splitlines()))
    got = dict(zip(header, line, strict=True))
    assert float(got["value"]) == 0.708891595615104
    assert float(got["lower"]) == float(published["lower_ci"])
    assert float(got["upper"]) == float(published["upper_ci"])
    assert got["year"] == "2023" and got["is_suppressed"] == "False"
    assert got["survey"] == "Global Survey of Public Servants"
    ukr = rows(empty, "SELECT value FROM v_survey_results WHERE iso3 = 'UKR' AND question_label = 'Job satisfaction'")
    assert ukr == [(0.826010544815466,)]
    # Slovakia has no code in the file; its name is enough.
    assert rows(empty, "SELECT count(*) FROM survey WHERE iso3 = 'SVK'") == [(1,)]
    # Rows without an indicator name are kept, named by their question.
    with path.open(encoding="utf-8") as f:
        in_file = sum(1 for _ in csv.DictReader(f))
    assert rows(empty, "SELECT count(*) FROM survey_aggregate") == [(in_file,)]
    again = cli("load", str(path))
    assert again.returncode == 0 and "already loaded" in again.stdout


def test_uk_people_survey_benchmark_loads(empty: Store) -> None:
    report = load_file(real_file(UK), store=empty)
    assert report.batch_id is not None
    got = rows(empty, "SELECT value, measure FROM v_survey_results WHERE iso3 = 'GBR' AND year = 2020 "
                      "AND question_code = 'EES'")
    assert got == [(0.64, "index")]
    assert rows(empty, "SELECT count(DISTINCT year) FROM survey WHERE source_id LIKE 'uk_csps:%'") == [(12,)]
    theme = rows(empty, "SELECT theme FROM survey_question WHERE bank = 'uk_csps' AND question_code = 'B01'")
    assert theme == [("My work",)]


def test_rollback_through_the_cli_removes_a_survey_batch_entirely(empty: Store) -> None:
    load_file(real_file(UK), store=empty)
    report = load_file(real_file(GSPS), store=empty)
    done = cli("rollback", str(report.batch_id))
    assert done.returncode == 0, done.stderr
    assert rows(empty, "SELECT count(*) FROM survey WHERE source_id LIKE 'gsps:%'") == [(0,)]
    assert rows(empty, "SELECT count(*) FROM survey_question WHERE bank = 'gsps'") == [(0,)]
    assert rows(empty, "SELECT count(*) FROM source WHERE dataset = 'gsps'") == [(0,)]
    assert rows(empty, "SELECT count(*) FROM v_survey_results WHERE iso3 = 'GBR'")[0][0] > 1000
    assert rows(empty, f"SELECT status FROM load_batch WHERE batch_id = {report.batch_id}") == [("rolled_back",)]


def _respondent_file(tmp_path: Path, n: int = 60, seed: int = 1, **fields) -> Path:
    (parsed,) = generate(countries=["KAZ"], waves=(2024,), n=n, seed=seed)
    path = tmp_path / f"staff-survey-{seed}.xlsx"
    path.write_bytes(workbook(parsed, fields))
    return path


def test_respondent_template_loads_with_codes_labels_in_two_languages_and_dont_know(empty: Store,
                                                                                  tmp_path: Path) -> None:
    path = _respondent_file(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Responses"]
    header = [c.value for c in ws[1]]
    eng1 = header.index("ENG1") + 1
    ws.cell(2, eng1, "Полностью согласен")
    ws.cell(3, eng1, "strongly disagree")
    ws.cell(4, eng1, 8)  # don't know: not counted
    wb.save(path)
    report = load_file(path, store=empty)
    assert report.batch_id is not None and report.format == "survey_respondent"
    answers = dict(rows(empty, "SELECT r.respondent_id, a.answer FROM survey_answer a JOIN survey_respondent r "
                               "USING (respondent_key) WHERE a.question_code = 'ENG1'"))
    assert answers["R1"] == 5 and answers["R2"] == 1 and "R3" not in answers
    assert rows(empty, "SELECT count(*) FROM survey_respondent") == [(60,)]
    assert rows(empty, "SELECT iso3, year, population, fieldwork_start::VARCHAR FROM survey") == [
        ("KAZ", 2024, 180, "2024-03-01")]
    groups = rows(empty, "SELECT DISTINCT dimension FROM survey_respondent_group ORDER BY 1")
    assert [g[0] for g in groups] == ["age_band", "gender", "grade", "organisation", "tenure"]
    # 60 respondents: the national figure is shown, small groups are not, in the view as everywhere.
    assert rows(empty, "SELECT count(*) FROM v_survey_results WHERE origin = 'computed' AND NOT is_suppressed")[0][0]


def _located(error: ValidationError) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.value) for p in error.problems]


def _refused(store: Store, path: Path) -> ValidationError:
    before = store.current_path()
    with pytest.raises(ValidationError) as caught:
        load_file(path, store=store)
    assert store.current_path() == before, "a refused file changed the store"
    assert rows(store, "SELECT count(*) FROM survey") == [(0,)]
    assert all(p.file == path.name for p in caught.value.problems)
    return caught.value


def _edit(path: Path, sheet: str, cells: dict[tuple[int, int], object]) -> Path:
    wb = openpyxl.load_workbook(path)
    for (r, c), v in cells.items():
        wb[sheet].cell(r, c).value = v
    wb.save(path)
    return path


def _col(path: Path, name: str) -> int:
    return [c.value for c in openpyxl.load_workbook(path)["Responses"][1]].index(name) + 1


def test_answer_codes_outside_the_scale_are_located(empty: Store, tmp_path: Path) -> None:
    path = _respondent_file(tmp_path)
    _edit(path, "Responses", {(5, _col(path, "PER1")): 7, (9, _col(path, "INT1")): "maybe"})
    error = _refused(empty, path)
    assert ("Responses", 5, "PER1", 7) in _located(error)
    assert ("Responses", 9, "INT1", "maybe") in _located(error)
    assert "code from 1 to 5" in error.problems[0].hint


def test_codebook_that_does_not_match_the_columns_is_located(empty: Store, tmp_path: Path) -> None:
    path = _respondent_file(tmp_path)
    _edit(path, "Codebook", {(8, 1): "ENG9"})  # a codebook row names a column the sheet lacks
    _edit(path, "Responses", {(1, _col(path, "TRN2") + 1): "EXTRA"})  # a column the codebook lacks
    error = _refused(empty, path)
    located = _located(error)
    assert any(s == "Codebook" and r == 8 and c == "column" and v == "ENG9" for s, r, c, v in located)
    assert any(s == "Responses" and r == 1 and c == "EXTRA" for s, r, c, v in located)


def test_negative_or_missing_weights_are_located(empty: Store, tmp_path: Path) -> None:
    path = _respondent_file(tmp_path)
    _edit(path, "Responses", {(3, 2): -1.5, (6, 2): None, (7, 2): "heavy"})
    error = _refused(empty, path)
    located = _located(error)
    assert ("Responses", 3, "weight", -1.5) in located
    assert ("Responses", 6, "weight", None) in located
    assert any(r == 7 and c == "weight" for _, r, c, _ in located)


def test_duplicate_respondent_ids_are_located(empty: Store, tmp_path: Path) -> None:
    path = _respondent_file(tmp_path)
    _edit(path, "Responses", {(12, 1): "R3"})
    error = _refused(empty, path)
    (problem,) = [p for p in error.problems if p.column == "respondent_id"]
    assert problem.value == "R3" and "rows 4, 12" in problem.message


def test_a_question_recoded_against_the_bank_is_refused(empty: Store, tmp_path: Path) -> None:
    load_file(_respondent_file(tmp_path, seed=1), store=empty)
    path = _respondent_file(tmp_path, seed=2, country="ARM")
    _edit(path, "Codebook", {(7, 9): "5"})  # ENG1 favourable 5 only, the bank says 4,5
    before = empty.current_path()
    with pytest.raises(ValidationError) as caught:
        load_file(path, store=empty)
    assert "another coding" in str(caught.value) and empty.current_path() == before


def test_the_same_survey_twice_is_refused_until_rolled_back(empty: Store, tmp_path: Path) -> None:
    load_file(_respondent_file(tmp_path, seed=1), store=empty)
    with pytest.raises(ValidationError) as caught:
        load_file(_respondent_file(tmp_path, seed=2), store=empty)
    assert "roll back batch" in caught.value.problems[0].hint


def test_aggregate_template_loads_and_hides_small_published_groups(empty: Store, tmp_path: Path) -> None:
    import pandas as pd

    results = pd.DataFrame([
        {"country": "Kazakhstan", "year": 2024, "question_code": "ENG1", "question_text": "I am proud",
         "theme": "Engagement", "measure": "share", "n": 1200, "value": 0.71, "lower": 0.68, "upper": 0.74},
        {"country": "Kazakhstan", "year": 2024, "question_code": "ENG1", "breakdown": "grade", "group": "Senior",
         "measure": "share", "n": 7, "value": 0.9},
        {"country": "Казахстан", "year": 2023, "question_code": "ENG1", "measure": "share", "n": 1000,
         "value": 0.66},
    ])
    fields = {"dataset": "kaz_staff", "survey_name": "Kazakhstan staff survey", "publisher": "Agency",
              "licence": "CC BY 4.0"}
    path = tmp_path / "agg.xlsx"
    path.write_bytes(aggregate_template(fields, results))
    report = load_file(path, store=empty)
    assert report.format == "survey_aggregate"
    got = rows(empty, "SELECT year, value, lower, upper, n FROM v_survey_results ORDER BY year")
    assert got == [(2023, 0.66, None, None, 1000), (2024, 0.71, 0.68, 0.74, 1200)]
    from analytics import survey as sv

    with empty.reader() as con:
        assert sv.dimensions(con, report.source_id) == ["grade"]
        by_grade = sv.results(con, report.source_id, "item", ["ENG1"], "grade")
    senior = by_grade[by_grade["group_name"] == "Senior"].iloc[0]
    assert senior["is_suppressed"] and pd.isna(senior["value"]) and pd.isna(senior["n"])


def test_aggregate_template_errors_are_located(empty: Store, tmp_path: Path) -> None:
    import pandas as pd

    results = pd.DataFrame([{"country": "KAZ", "year": 2024, "question_code": "ENG1", "measure": "percent",
                             "value": 71}])
    path = tmp_path / "agg.xlsx"
    path.write_bytes(aggregate_template({"dataset": "x"}, results))
    error = _refused(empty, path)
    located = _located(error)
    assert ("Results", 2, "measure", "percent") in located
    assert any(s == "Survey" and "survey_name" in m for s, m in ((p.sheet, p.message) for p in error.problems))


def test_blank_templates_are_recognised_as_survey_layouts(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(respondent_template())
    with pytest.raises(ValidationError) as caught:
        parse_survey(path)
    assert any(p.sheet == "Survey" and "country" in p.message for p in caught.value.problems)
    wb = openpyxl.load_workbook(BytesIO(respondent_template()))
    assert wb.sheetnames == ["Survey", "Responses", "Codebook", "Labels"]


def test_the_command_line_refuses_respondent_level_tables(empty: Store, tmp_path: Path) -> None:
    load_file(_respondent_file(tmp_path), store=empty)
    for query in ("SELECT * FROM survey_answer", "select weight from SURVEY_RESPONDENT",
                  "SELECT * FROM survey_cell", "SELECT * FROM query_table('survey_' || 'answer')"):
        done = cli("sql", query)
        assert done.returncode == 1 and "v_survey_results" in done.stderr and done.stdout == ""
    assert cli("sql", "SELECT count(*) FROM v_survey_results").returncode == 0


def test_a_respondent_file_loads_and_rolls_back_through_the_cli(empty: Store, tmp_path: Path) -> None:
    path = _respondent_file(tmp_path)
    done = cli("load", str(path))
    assert done.returncode == 0, done.stderr
    batch = int(done.stdout.split("loaded as batch ")[1].split()[0])
    assert rows(empty, "SELECT count(*) FROM survey_answer")[0][0] > 500
    again = cli("load", str(path))
    assert "already loaded" in again.stdout
    undone = cli("rollback", str(batch))
    assert undone.returncode == 0, undone.stderr
    for table in ("survey", "survey_respondent", "survey_respondent_group", "survey_answer", "survey_cell",
                  "survey_theme_cell", "survey_question"):
        assert rows(empty, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert cli("load", str(path)).returncode == 0  # the same file loads again once rolled back


def test_blank_answers_in_the_respondent_template_are_missing_not_errors(empty: Store, tmp_path: Path) -> None:
    path = _respondent_file(tmp_path)
    _edit(path, "Responses", {(2, _col(path, "ENG1")): None, (3, _col(path, "ENG1")): "  ",
                              (4, _col(path, "PER1")): None})
    report = load_file(path, store=empty)  # under pandas 3 an empty cell used to be "not on the scale"
    assert report.batch_id is not None
    answered = set(rows(empty, "SELECT r.respondent_id, a.question_code FROM survey_answer a "
                               "JOIN survey_respondent r USING (respondent_key)"))
    assert not {("R1", "ENG1"), ("R2", "ENG1"), ("R3", "PER1")} & answered
    assert {("R1", "ENG2"), ("R3", "ENG1")} <= answered
    assert rows(empty, "SELECT count(*) FROM survey_respondent") == [(60,)]


def test_zatrudnyayus_otvetit_is_the_files_choice_not_a_default(empty: Store, tmp_path: Path) -> None:
    """«Затрудняюсь ответить» is the middle of some five-point forms and "don't know" on others: the template
    does not decide; an answer using it is refused with a hint until the Labels sheet says which it is."""
    from etl.templates.surveys import AGREEMENT_LABELS

    assert not any("Затрудняюсь" in str(cell) for row in AGREEMENT_LABELS for cell in row)
    path = _respondent_file(tmp_path)
    _edit(path, "Responses", {(2, _col(path, "ENG1")): "Затрудняюсь ответить",
                              (3, _col(path, "ENG1")): "Жауап беруге қиналамын"})
    error = _refused(empty, path)
    hints = [p.hint for p in error.problems if p.column == "ENG1"]
    assert len(hints) == 2 and all("middle" in h and "Labels sheet" in h for h in hints)
    labels = openpyxl.load_workbook(path)
    labels["Labels"].append(["*", 3, None, "Затрудняюсь ответить", "Жауап беруге қиналамын"])  # here: the middle
    labels.save(path)
    load_file(path, store=empty)
    answers = dict(rows(empty, "SELECT r.respondent_id, a.answer FROM survey_answer a JOIN survey_respondent r "
                               "USING (respondent_key) WHERE a.question_code = 'ENG1'"))
    assert answers["R1"] == 3 and answers["R2"] == 3
