"""operations.batches: history with survey respondents, a batch's contents, its original file, rollback."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import HubError
from etl.write.batches import RollbackRefused
from operations import batches, loads
from store import Store
from tests.operations.conftest import IND, ROWS, rows, template_file


def _survey(tmp_path: Path, store: Store, n: int = 35) -> int:
    from etl.demo.surveys import generate, workbook
    from tests.fixtures.staff_survey import SOURCE as STAFF

    (parsed,) = generate(source=STAFF, countries=["ARM"], waves=(2023,), n=n, seed=5)
    path = tmp_path / "staff.xlsx"
    path.write_bytes(workbook(parsed, {}))
    return loads.load_file(path, user="anna", store=store).batch_id


def test_history_lists_indicator_and_survey_batches_with_respondents(fresh: Store, tmp_path: Path) -> None:
    assert batches.list_batches(fresh) == []
    first = loads.load_file(template_file(tmp_path, "national.xlsx", ROWS), user="anna", store=fresh).batch_id
    survey = _survey(tmp_path, fresh)
    listed = batches.list_batches(fresh)
    assert [b.batch_id for b in listed] == [survey, first]  # newest first
    s, i = listed
    assert s.is_survey and s.survey_level == "respondent" and s.respondents == 35 and s.user_name == "anna"
    assert not i.is_survey and i.respondents is None and (i.rows_added, i.file_name) == (4, "national.xlsx")
    frame = batches.batches_frame(listed)
    assert frame["respondents"].tolist()[0] == 35 and str(frame["respondents"].dtype) == "Int64"
    assert list(frame.columns[:8]) == ["batch_id", "file_name", "kind", "source_id", "rows_added", "rows_replaced",
                                       "rows_unchanged", "respondents"]

    surveys = batches.batch_contents(survey, fresh)
    assert surveys.what == "survey" and surveys.n == 1
    assert surveys.rows[["iso3", "year", "respondents"]].values.tolist() == [["ARM", 2023, 35]]
    values = batches.batch_contents(first, fresh)
    assert values.what == "indicator" and (values.n, values.replaced) == (4, 0)
    assert sorted(values.rows["iso3"]) == ["ARM", "KAZ", "KGZ", "UZB"]
    original = batches.original_file(i, fresh)
    assert original is not None and original.read_bytes() == (tmp_path / "national.xlsx").read_bytes()


def test_rollback_restores_what_a_batch_replaced_and_keeps_the_respondent_count(fresh: Store, tmp_path: Path) -> None:
    first = loads.load_file(template_file(tmp_path, "a.xlsx", ROWS), user="anna", store=fresh).batch_id
    second = loads.load_file(template_file(tmp_path, "b.xlsx", [("Kazakhstan", IND, 2022, 9.1)]), user="anna",
                             store=fresh).batch_id
    assert batches.batch_contents(second, fresh).replaced == 1
    with pytest.raises(RollbackRefused) as later:  # a later batch replaced its values: that one first
        batches.rollback_batch(first, "anna", fresh)
    assert isinstance(later.value, HubError) and later.value.code == "rollback_refused"
    done = batches.rollback_batch(second, "bert", fresh)
    assert done == batches.RolledBack(second, 1, 1)
    assert dict(rows(fresh, "values", [IND]))["KAZ"] == 8.4
    assert rows(fresh, "batch_status", [second]) == [("rolled_back", "bert")]
    rolled = batches.get_batch(second, fresh)
    assert not rolled.is_active and rolled.rolled_back_by == "bert" and rolled.rolled_back_at is not None

    survey = _survey(tmp_path, fresh, n=20)
    batches.rollback_batch(survey, "anna", fresh)
    assert rows(fresh, "respondents") == [(0,)]
    assert batches.get_batch(survey, fresh).respondents == 20  # the history still says what it held
    with pytest.raises(RollbackRefused):
        batches.rollback_batch(survey, "anna", fresh)  # already rolled back


def test_an_unknown_batch_is_a_hub_error_with_a_code(fresh: Store) -> None:
    with pytest.raises(batches.NoSuchBatch) as missing:
        batches.batch_contents(99, fresh)
    assert missing.value.code == "no_batch" and "99" in missing.value.message
    with pytest.raises(RollbackRefused):
        batches.rollback_batch(99, "anna", fresh)

