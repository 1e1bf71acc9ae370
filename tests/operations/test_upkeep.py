"""operations.upkeep: build, migrate, check, backup and restore, and queries on the public copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import HubError
from operations import loads, upkeep
from store import Store, StoreError
from tests.operations.conftest import IND, ROWS, rows, template_file


def test_init_migrate_check_and_query(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError) as none:
        upkeep.migrate(store)
    assert isinstance(none.value, HubError) and "etl init" in none.value.message
    assert upkeep.init(store, starter_pack=False)
    done = upkeep.migrate(store)
    assert not done.changed and done.before == done.after and done.migrations == ()
    loads.load_file(template_file(tmp_path, "national.xlsx", ROWS), user="anna", store=store)
    report = upkeep.check(store)
    assert report and all(hasattr(frame, "columns") for frame in report.values())
    with upkeep.query(f"SELECT iso3, value FROM v_observations WHERE indicator_code = '{IND}' ORDER BY iso3",
                      store) as result:
        assert result.columns == ["iso3", "value"]
        assert [r for chunk in result.chunks(2) for r in chunk] == [("ARM", 45.0), ("KAZ", 8.4), ("KGZ", 11.2),
                                                                    ("UZB", 1234.5)]
    with pytest.raises(StoreError) as private, upkeep.query("SELECT * FROM survey_respondent", store):
        pass
    assert "v_survey_results" in private.value.message


def test_backup_and_restore_into_an_empty_folder(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upkeep.init(store, starter_pack=False)
    loads.load_file(template_file(tmp_path, "national.xlsx", ROWS), user="anna", store=store)
    made = upkeep.backup(tmp_path / "backups", store)
    assert made.archive.is_file()
    other = Store(tmp_path / "elsewhere")
    monkeypatch.setenv("HUB_DATA_DIR", str(other.dir))
    upkeep.restore(made.archive, other)
    assert rows(other, "values", [IND]) == rows(store, "values", [IND])
