"""Uploaded copies: one folder per session, replaced by the next file, removed after saving or after a day."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from etl import uploads

A = "a" * 32
B = "b" * 32


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_saves_under_the_session_and_file_sha(tmp_path: Path) -> None:
    data = b"Country,Year\nKazakhstan,2020\n"
    path, sha = uploads.save_upload(data, "../../etc/scores.csv", A, root=tmp_path)
    assert sha == hashlib.sha256(data).hexdigest()
    assert path == tmp_path / A / sha[:32] / "scores.csv" and path.read_bytes() == data  # no path escapes
    assert uploads.save_upload(data, "scores.csv", A, root=tmp_path) == (path, sha)
    assert tree(tmp_path) == [f"{A}/{sha[:32]}/scores.csv"]


def test_a_different_file_replaces_the_sessions_earlier_upload_only(tmp_path: Path) -> None:
    first, _ = uploads.save_upload(b"one", "one.xlsx", A, root=tmp_path)
    other, _ = uploads.save_upload(b"one", "one.xlsx", B, root=tmp_path)  # another session, the same file
    second, sha = uploads.save_upload(b"two", "two.xlsx", A, root=tmp_path)
    assert not first.exists() and not first.parent.exists()
    assert second.read_bytes() == b"two" and other.read_bytes() == b"one"
    assert tree(tmp_path) == sorted([f"{A}/{sha[:32]}/two.xlsx", f"{B}/{other.parent.name}/one.xlsx"])


def test_removing_a_session_leaves_the_others(tmp_path: Path) -> None:
    mine, _ = uploads.save_upload(b"one", "one.xlsx", A, root=tmp_path)
    theirs, _ = uploads.save_upload(b"two", "two.xlsx", B, root=tmp_path)
    uploads.remove_session(A, root=tmp_path)
    assert not (tmp_path / A).exists() and theirs.exists()
    uploads.remove_session(A, root=tmp_path)  # nothing left to remove: no error
    with pytest.raises(ValueError):
        uploads.remove_session("../" + B[3:], root=tmp_path)
    assert theirs.exists()


def test_folders_older_than_a_day_are_removed_on_each_save(tmp_path: Path) -> None:
    now = time.time()
    old, _ = uploads.save_upload(b"old", "old.csv", A, root=tmp_path, now=now - uploads.MAX_AGE_SECONDS - 60)
    recent, _ = uploads.save_upload(b"recent", "recent.csv", B, root=tmp_path, now=now - 3600)
    legacy = tmp_path / ("c" * 32)  # a folder in the earlier <root>/<sha> layout
    legacy.mkdir()
    (legacy / "x.xlsx").write_bytes(b"x")
    os.utime(legacy, (now - 2 * uploads.MAX_AGE_SECONDS,) * 2)
    assert old.exists()
    current, _ = uploads.save_upload(b"new", "new.csv", "d" * 32, root=tmp_path, now=now)
    assert not (tmp_path / A).exists() and not legacy.exists()
    assert recent.exists() and current.exists()


def test_saving_again_keeps_an_active_session_fresh(tmp_path: Path) -> None:
    now = time.time()
    path, _ = uploads.save_upload(b"x", "x.csv", A, root=tmp_path, now=now - uploads.MAX_AGE_SECONDS - 60)
    uploads.save_upload(b"x", "x.csv", A, root=tmp_path, now=now - 10)  # the page ran again with the same file
    assert uploads.remove_stale(tmp_path, now=now) == [] and path.exists()
    assert uploads.remove_stale(tmp_path, now=now + uploads.MAX_AGE_SECONDS) == [tmp_path / A]
    assert not path.exists()


def test_default_root_is_the_configured_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "up"))
    path, _ = uploads.save_upload(b"x", "x.csv", A)
    assert path.is_relative_to(tmp_path / "up" / A)
