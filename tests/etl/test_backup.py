"""`etl backup` writes one verified archive; `etl restore` brings it back as a new version with identical tables."""

from __future__ import annotations

import hashlib
import shutil
import tarfile
from pathlib import Path

import pytest

from accounts import users
from etl import cli
from etl.backup import BackupError, backup, restore, verify
from etl.load import load_file
from etl.setup_store import init_store
from store import Store
from tests.conftest import real_file


def tables(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, sorted."""
    with store.reader() as con:
        names = [n for (n,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with an indicator file, a survey file and an account, built once."""
    store = Store(tmp_path_factory.mktemp("made") / "store")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HUB_DATA_DIR", str(store.dir))
        init_store(store, starter_pack=False)
        load_file(real_file("egdi/EGOV_DATA_2022.csv"), store=store)
        load_file(real_file("surveys/gsps_national_all_respondents.csv"), store=store)
        users.add_user("anna", "correct horse battery", "editor")
    return store.dir


@pytest.fixture
def filled(made: Path, store: Store) -> Store:
    shutil.copytree(made, store.dir)
    return store


def test_backup_then_restore_into_an_empty_folder_gives_identical_tables(filled: Store, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["backup", str(tmp_path / "backups")]) == 0
    (archive,) = (tmp_path / "backups").glob("hub-backup-*.tar.gz")
    assert "checked against its manifest" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[-1] == "MANIFEST.sha256" and "accounts/users.json" in names
    assert sum(n.startswith("files/") for n in names) == 2  # the EGDI and GSPS originals

    empty = Store(tmp_path / "elsewhere")
    monkeypatch.setenv("HUB_DATA_DIR", str(empty.dir))
    assert cli.main(["restore", str(archive)]) == 0
    assert tables(empty) == tables(filled)
    assert digests(empty.dir / "files") == digests(filled.dir / "files")
    assert (empty.dir / "users.json").read_bytes() == (filled.dir / "users.json").read_bytes()
    assert users.sign_in("anna", "correct horse battery").user.role == "editor"


def test_restore_is_a_new_version_and_the_earlier_ones_stay(filled: Store, tmp_path: Path) -> None:
    report = backup(filled, tmp_path)
    before = tables(filled)
    load_file(real_file("cpi/CPI2023_Global_Results__Trends.xlsx"), store=filled)
    changed = filled.current_path()
    users.add_user("boris", "another long password", "viewer")
    restored = restore(report.archive, filled)
    assert restored.version > changed.name and changed.exists()  # a new version; the one before stays on disk
    assert tables(filled) == before
    assert restored.accounts_kept is not None and "boris" in restored.accounts_kept.read_text()
    assert [u.name for u in users.list_users()] == ["anna"]


@pytest.mark.parametrize("damage", ["byte", "member", "truncated"])
def test_a_damaged_or_changed_archive_is_refused_and_the_store_is_untouched(filled: Store, tmp_path: Path,
                                                                            damage: str) -> None:
    archive = backup(filled, tmp_path / "backups").archive
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(bad, "w:gz") as out:
        for member in src:
            data = src.extractfile(member).read()
            if damage == "byte" and member.name.startswith("files/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            if damage == "member" and member.name == "backup.json":
                extra = tarfile.TarInfo("../outside.txt")
                extra.size = 1
                out.addfile(extra, __import__("io").BytesIO(b"x"))
            member.size = len(data)
            out.addfile(member, __import__("io").BytesIO(data))
    if damage == "truncated":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    live = filled.current_path()
    with pytest.raises(BackupError) as refused:
        restore(bad, filled)
    message = str(refused.value)
    assert {"byte": "does not match its checksum", "member": "unexpected member '../outside.txt'",
            "truncated": "cannot be read"}[damage] in message
    assert filled.current_path() == live
    assert not list(filled.dir.glob(".restore-*")) and not (tmp_path / "outside.txt").exists()
    verify(archive)  # the original is fine
