"""The command line over operations/: accounts (password, role), batches, rollback, refusals as readable lines."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from etl.cli import main
from etl.setup_store import init_store
from operations import accounts
from store import Store
from tests.operations.conftest import IND, ROWS, template_file


def run(capsys: pytest.CaptureFixture, *args: str, stdin: str = "",
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_password_and_role(store: Store, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "users", "add", "anna", "--password-stdin", stdin="a long secret\n",
               monkeypatch=monkeypatch)[0] == 0
    code, out, _ = run(capsys, "users", "password", "anna", "--password-stdin", stdin="another secret\n",
                       monkeypatch=monkeypatch)
    assert code == 0 and "anna" in out
    assert accounts.sign_in("anna", "another secret").user == accounts.User("anna", "editor")
    assert run(capsys, "users", "role", "anna", "admin")[0] == 0
    assert accounts.sign_in("anna", "another secret").user == accounts.User("anna", "admin")
    code, _, err = run(capsys, "users", "role", "nobody", "viewer")
    assert code == 1 and "There is no user 'nobody'" in err
    code, _, err = run(capsys, "users", "unlock", "anna")
    assert code == 1 and "not locked out" in err


def test_load_batches_rollback_and_refusals(store: Store, tmp_path: Path, capsys) -> None:
    init_store(store, starter_pack=False)
    path = template_file(tmp_path, "national.xlsx", ROWS)
    code, out, _ = run(capsys, "load", str(path), "--user", "anna")
    assert code == 0 and "national.xlsx" in out
    code, out, _ = run(capsys, "load", str(path))
    assert code == 0 and "already loaded" in out  # the same file again changes nothing
    corrected = template_file(tmp_path, "corrected.xlsx", [("Kazakhstan", IND, 2022, 9.1)])
    assert run(capsys, "load", str(corrected), "--user", "anna")[0] == 0
    code, out, _ = run(capsys, "batches")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["batch_id", "file_name", "kind"]
    assert [line.split()[1] for line in lines[1:]] == ["national.xlsx", "corrected.xlsx"]  # oldest first
    assert "None" in lines[1]  # rolled_back_at of an active batch
    code, _, err = run(capsys, "rollback", "1")
    assert code == 1 and "Roll back 2 first" in err
    code, out, _ = run(capsys, "rollback", "2", "--user", "anna")
    assert code == 0 and "1" in out
    code, _, err = run(capsys, "rollback", "2")
    assert code == 1 and "already rolled back" in err
    code, _, err = run(capsys, "load", str(tmp_path / "nowhere.xlsx"))
    assert code == 1 and "No such file" in err and "nowhere.xlsx" in err
    target = tmp_path / "mine.yaml"
    target.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "load", str(path), "--write-recipe", str(target))
    assert code == 1 and "exists already" in err and target.read_text(encoding="utf-8") == "x"
