"""Hostile files through the upload page: a located message, the store byte for byte as it was, and the page (and
the server process it runs in) still serving the next file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.guard import tasks
from etl.setup_store import init_store
from store import Store
from tests.conftest import ROOT, real_file
from tests.etl.guard import doubles
from tests.etl.guard.test_hostile import EXPECTED
from ui.text import plain

GOOD = "egdi/EGOV_DATA_2022.csv"
NEXT = "cpi/CPI2023_Global_Results__Trends.xlsx"


@pytest.fixture(autouse=True)
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "uploads"
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(folder))
    return folder


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_hostile_upload_is_a_located_message_and_the_page_keeps_serving(
        name: str, hostile_files: dict[str, Path], store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    init_store(store, starter_pack=False)
    reader = tasks.read_file
    if name == "panicking":
        monkeypatch.setattr(tasks, "read_file", doubles.aborts)
        file_name, data = "EGOV_DATA_2022.csv", real_file(GOOD).read_bytes()
    else:
        file_name, data = f"{name}.xlsx", hostile_files[name].read_bytes()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["up_user"] = ("anna", "editor")
    at.switch_page("pages/upload.py").run()
    before = fingerprint(store.dir)

    at.get("file_uploader")[0].upload(file_name, data).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [f"1 problem in {plain(file_name)} must be fixed; nothing was saved. "
                                           "Fix the file and upload it again."]
    shown = at.dataframe[0].value.to_dict("records")
    text = " ".join(str(v) for row in shown for v in row.values())
    for words in EXPECTED[name][1:]:
        assert words in text, f"{words!r} not in the report: {text}"
    assert shown[0]["File"] == file_name
    assert any("separate process with limits" in c.value for c in at.caption)
    assert "up_commit" not in [b.key for b in at.button]
    assert fingerprint(store.dir) == before, "the store changed"

    # the same session, the same server process: the next file is read and reported as usual
    monkeypatch.setattr(tasks, "read_file", reader)
    at.get("file_uploader")[0].upload("CPI2023.xlsx", real_file(NEXT).read_bytes()).run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("Read with the recipe cpi") for c in at.caption), [c.value for c in at.caption]
    assert int({m.label: m.value for m in at.metric}["added"].replace(",", "")) > 100
