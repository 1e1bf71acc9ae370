"""operations.loads: review (what would change), commit, reload changes nothing, errors as HubError with a code."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import HubError
from operations import loads
from store import Store
from tests.operations.conftest import IND, ROWS, rows, template_file


def test_review_commit_and_reload(fresh: Store, tmp_path: Path) -> None:
    path = template_file(tmp_path, "national.xlsx", ROWS)
    result = loads.review_file(path, store=fresh)
    assert result.ok and not result.needs_mapping and result.survey is None
    assert result.counts() == {"added": 4, "changed": 0, "unchanged": 0}
    assert rows(fresh, "batch_count") == [(0,)]  # a review writes nothing
    sha = loads.save_upload(path.read_bytes(), path.name, "0" * 32).sha256
    assert loads.already_loaded(sha, fresh) is None

    report = loads.commit(result, path, user="anna", store=fresh)
    assert (report.added, report.replaced, report.unchanged) == (4, 0, 0) and report.batch_id is not None
    assert rows(fresh, "values", [IND]) == [("ARM", 45.0), ("KAZ", 8.4), ("KGZ", 11.2), ("UZB", 1234.5)]
    loaded = loads.already_loaded(sha, fresh)
    assert loaded is not None and loaded.batch_id == report.batch_id

    again = loads.commit(loads.review_file(path, store=fresh), path, user="anna", store=fresh)
    assert again.already_loaded == report.batch_id and again.batch_id is None  # the same file: nothing changes
    assert rows(fresh, "batch_count") == [(1,)]
    loads.discard_upload("0" * 32)

    corrected = template_file(tmp_path, "corrected.xlsx", [("Kazakhstan", IND, 2022, 9.1), *ROWS[1:]])
    review = loads.review_file(corrected, store=fresh)
    assert review.counts() == {"added": 0, "changed": 1, "unchanged": 3}
    changed = review.preview[review.preview["status"] == "changed"]
    assert changed[["iso3", "old_value", "new_value"]].values.tolist() == [["KAZ", 8.4, 9.1]]
    done = loads.commit(review, corrected, user="anna", store=fresh)
    assert (done.added, done.replaced, done.unchanged) == (0, 1, 3)


def test_a_file_with_errors_cannot_be_committed(fresh: Store, tmp_path: Path) -> None:
    path = template_file(tmp_path, "bad.xlsx", [("Kazakhstan", IND, "last year", 8.4), ("Armenia", IND, 2022, "abc")])
    result = loads.review_file(path, store=fresh)
    assert not result.ok
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("Data", 2, "Year"), ("Data", 3, "Value")]
    with pytest.raises(loads.NotReady) as refused:
        loads.commit(result, path, user="anna", store=fresh)
    assert isinstance(refused.value, HubError) and refused.value.code == "not_ready"
    assert refused.value.problems == result.errors
    assert rows(fresh, "batch_count") == [(0,)]
    report = loads.problem_report(path, result.problems)
    assert report[:2] == b"PK"  # the marked-up workbook


def test_missing_file_and_existing_recipe_are_refused_with_codes(fresh: Store, tmp_path: Path) -> None:
    with pytest.raises(loads.FileMissing) as missing:
        loads.load_file(tmp_path / "nowhere.xlsx", store=fresh)
    assert missing.value.code == "no_file" and "nowhere.xlsx" in missing.value.message
    path = template_file(tmp_path, "national.xlsx", ROWS)
    target = tmp_path / "mine.yaml"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(loads.FileExists) as exists:
        loads.write_starting_recipe(path, target)
    assert exists.value.code == "file_exists" and target.read_text(encoding="utf-8") == "x"


def test_load_file_in_one_go_and_a_guessed_mapping(fresh: Store, tmp_path: Path) -> None:
    report = loads.load_file(template_file(tmp_path, "national.xlsx", ROWS), user="cli", store=fresh)
    assert report.added == 4
    wide = tmp_path / "scores.csv"
    wide.write_text("Country,2021,2022\nKazakhstan,55.5,57\nArmenia,61,63.5\n", encoding="utf-8")
    assert loads.review_file(wide, store=fresh).needs_mapping
    guess = loads.guess_mapping(wide, edition="2023", store=fresh)
    assert guess is not None and guess.is_csv and guess.mapping.source.edition == "2023"
    assert "layout:" in guess.recipe_text and "Country" in guess.recipe_text


def test_survey_file_review_and_commit(fresh: Store, tmp_path: Path) -> None:
    from etl.demo.surveys import generate, workbook
    from tests.fixtures.staff_survey import SOURCE as STAFF

    (parsed,) = generate(source=STAFF, countries=["KAZ"], waves=(2024,), n=40, seed=3)
    path = tmp_path / "staff.xlsx"
    path.write_bytes(workbook(parsed, {}))
    result = loads.review_file(path, store=fresh)
    assert result.survey is not None
    prepared = loads.review_survey(result.survey, path.name)
    assert prepared.preview()["respondents"] == 40
    assert loads.survey_preview(prepared)[["iso3", "year", "respondents"]].values.tolist() == [["KAZ", "2024", 40]]
    report = loads.commit_survey(prepared, path, user="anna", store=fresh)
    assert report.batch_id is not None and rows(fresh, "respondents") == [(40,)]


def test_templates_are_workbooks(fresh: Store) -> None:
    for made in (loads.indicator_template(), loads.indicator_template(declared=False),
                 loads.survey_respondent_template(), loads.survey_results_template()):
        assert made[:2] == b"PK"
