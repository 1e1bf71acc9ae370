"""Backups an operator can trust: the live version, the loaded originals and the accounts in one archive.

The archive (`hub-backup-<time>-<version>.tar.gz`) holds `database/<version>.duckdb`, `files/<sha256>` for every
batch the version records, `accounts/users.json` when there are accounts, `backup.json` (what was backed up,
with the row count of every table) and `MANIFEST.sha256` (one `sha256  name` line per member, as `sha256sum -c`
reads it). It is written under a temporary name, read back whole and checked against its manifest and the
database's row counts, and only then given its name. `restore` checks the same before anything changes, and
brings the database back as a new version of the store (the versions before it stay on disk), the originals
beside it, and the accounts (the accounts file it replaces is kept beside it).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from core.errors import HubError
from core.settings import settings
from store import READER_CONFIG, Store, StoreError
from store.queries import sql
from store.versioned import fsync

MANIFEST = "MANIFEST.sha256"
ABOUT = "backup.json"
FORMAT = 1
CHUNK = 1 << 20
DATABASE = re.compile(r"^database/v\d{6}\.duckdb$")
ORIGINAL = re.compile(r"^files/([0-9a-f]{64})$")
ACCOUNTS = "accounts/users.json"


class BackupError(HubError):
    """A backup that cannot be written, or an archive that cannot be trusted; the message says which part."""

    code = "backup"


@dataclass
class BackupReport:
    archive: Path
    version: str
    tables: dict[str, int]
    originals: int
    accounts: bool
    size: int

    def lines(self) -> list[str]:
        rows = sum(self.tables.values())
        return [f"Wrote {self.archive} ({self.size / 1e6:.1f} MB), checked against its manifest:",
                f"  {self.version}: {len(self.tables)} tables, {rows:,} rows; {self.originals} loaded original(s); "
                f"accounts: {'yes' if self.accounts else 'none'}"]


@dataclass
class RestoreReport:
    archive: Path
    version: str
    restored_from: str
    tables: dict[str, int]
    originals: int
    accounts_kept: Path | None

    def lines(self) -> list[str]:
        out = [f"Restored {self.archive.name} (made from {self.restored_from}) as {self.version}, checked against "
               f"its manifest: {len(self.tables)} tables, {sum(self.tables.values()):,} rows, "
               f"{self.originals} original(s)."]
        if self.accounts_kept:
            out.append(f"  The accounts were restored; the file they replaced is kept as {self.accounts_kept}.")
        out.append("  Earlier versions stay in the store folder until later loads collect them.")
        return out


def table_counts(database: Path) -> dict[str, int]:
    """Rows of every table of a database file, by table name."""
    with duckdb.connect(str(database), read_only=True, config=READER_CONFIG) as con:
        names = [n for (n,) in con.execute(sql("backup", "tables")).fetchall()]
        return {n: con.execute(sql("backup", "count_rows"), [n]).fetchone()[0] for n in names}


class _Hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, f):
        self.f, self.h = f, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.f.read(size)
        self.h.update(data)
        return data


def backup(store: Store, folder: Path) -> BackupReport:
    """Write the live version, its originals and the accounts to one archive in `folder`, then verify it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    current = store.current_path()
    if current is None:
        raise StoreError(f"No data store in {store.dir}: nothing to back up.")
    with open(current, "rb") as db:  # held open: its bytes stay readable even if a load collects the version
        with duckdb.connect(str(current), read_only=True, config=READER_CONFIG) as con:
            shas = sorted({s for (s,) in con.execute(sql("backup", "loaded_files")).fetchall()})
        tables = table_counts(current)
        originals = [(sha, store.dir / "files" / sha) for sha in shas]
        missing = [sha for sha, path in originals if not path.is_file()]
        accounts = settings().users_file
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"hub-backup-{stamp}-{current.stem}.tar.gz"
        part = folder / f".{target.name}.part"
        sums: dict[str, str] = {}
        try:
            with tarfile.open(part, "w:gz", compresslevel=1) as tar:
                sums[f"database/{current.name}"] = _add(tar, f"database/{current.name}", db)
                for sha, path in originals:
                    if path.is_file():
                        with open(path, "rb") as f:
                            sums[f"files/{sha}"] = _add(tar, f"files/{sha}", f)
                if accounts.is_file():
                    with open(accounts, "rb") as f:
                        sums[ACCOUNTS] = _add(tar, ACCOUNTS, f)
                about = {"format": FORMAT, "created": datetime.now().isoformat(timespec="seconds"),
                         "version": current.name, "store": str(store.dir), "tables": tables,
                         "originals": len(originals) - len(missing), "originals_missing": missing,
                         "accounts": accounts.is_file()}
                sums[ABOUT] = _add_bytes(tar, ABOUT, json.dumps(about, indent=2).encode())
                manifest = "".join(f"{digest}  {name}\n" for name, digest in sums.items()).encode()
                _add_bytes(tar, MANIFEST, manifest)
            fsync(part)
            with tempfile.TemporaryDirectory(prefix=".verify-", dir=folder) as check:
                verify(part, into=Path(check))  # read back whole: checksums, and the database opens with its rows
            os.replace(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return BackupReport(archive=target, version=current.name, tables=tables, originals=len(originals) - len(missing),
                        accounts=accounts.is_file(), size=target.stat().st_size)


def _add(tar: tarfile.TarFile, name: str, f) -> str:
    info = tarfile.TarInfo(name)
    info.size = os.fstat(f.fileno()).st_size
    info.mtime = int(time.time())
    info.mode = 0o600
    f.seek(0)
    hashing = _Hashing(f)
    tar.addfile(info, hashing)
    return hashing.h.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> str:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))
    return hashlib.sha256(data).hexdigest()


def verify(archive: Path, into: Path | None = None) -> dict:
    """Check every member of `archive` against its manifest (and extract them into `into`); backup.json's content.

    Refuses (BackupError) an archive with a member that is not a regular file of the expected names, a member
    whose checksum differs, one missing, one not in the manifest, or a database whose tables do not hold the
    rows backup.json counts."""
    archive = Path(archive)
    found: dict[str, str] = {}
    manifest = about = None
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                name = member.name
                if not member.isfile() or not (name in (MANIFEST, ABOUT, ACCOUNTS) or DATABASE.match(name)
                                                or ORIGINAL.match(name)):
                    raise BackupError(f"{archive.name}: unexpected member {name!r}; this is not a Hub Reform "
                                      "Monitor backup, or it was changed")
                if name in found:
                    raise BackupError(f"{archive.name}: {name} appears twice")
                source = tar.extractfile(member)
                h = hashlib.sha256()
                sink = None
                if into is not None and name not in (MANIFEST, ABOUT):
                    (into / name).parent.mkdir(parents=True, exist_ok=True)
                    sink = open(into / name, "wb")
                data = bytearray() if name in (MANIFEST, ABOUT) else None
                try:
                    while chunk := source.read(CHUNK):
                        h.update(chunk)
                        if sink is not None:
                            sink.write(chunk)
                        if data is not None:
                            data += chunk
                finally:
                    if sink is not None:
                        sink.close()
                found[name] = h.hexdigest()
                if name == MANIFEST:
                    manifest = bytes(data).decode("utf-8")
                elif name == ABOUT:
                    about = bytes(data)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as e:
        raise BackupError(f"{archive.name}: the archive cannot be read ({e}); it is damaged or incomplete") from None
    if manifest is None or about is None:
        raise BackupError(f"{archive.name}: no {MANIFEST} or {ABOUT} in the archive; it is incomplete")
    listed = {}
    for line in manifest.splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    for name, digest in listed.items():
        if name not in found:
            raise BackupError(f"{archive.name}: {name} is in the manifest but not in the archive")
        if found[name] != digest:
            raise BackupError(f"{archive.name}: {name} does not match its checksum (sha256 {found[name][:12]}..., "
                              f"manifest {digest[:12]}...); the archive was damaged or changed")
    extra = set(found) - set(listed) - {MANIFEST}
    if extra:
        raise BackupError(f"{archive.name}: {sorted(extra)[0]} is not in the manifest")
    info = json.loads(about)
    databases = [n for n in found if DATABASE.match(n)]
    if len(databases) != 1 or info.get("format") != FORMAT:
        raise BackupError(f"{archive.name}: not a backup this version can restore (format {info.get('format')})")
    info["database"] = databases[0]
    if into is not None:
        counts = table_counts(into / databases[0])
        if counts != info["tables"]:
            differ = sorted(n for n in set(counts) | set(info["tables"]) if counts.get(n) != info["tables"].get(n))
            raise BackupError(f"{archive.name}: the database's tables differ from what the backup recorded "
                              f"({', '.join(differ[:5])})")
    return info


def restore(archive: Path, store: Store) -> RestoreReport:
    """Bring a backup back as a new version of `store` (verified first); the store's earlier versions stay."""
    archive = Path(archive)
    if not archive.is_file():
        raise FileNotFoundError(f"No such file: {archive}")
    store.dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=store.dir))  # same disk as the store: moves, not copies
    try:
        info = verify(archive, into=work)
        database = work / info["database"]
        originals = sorted((work / "files").iterdir()) if (work / "files").is_dir() else []
        files = store.dir / "files"
        with store.writer(base=database) as con:
            con.execute(sql("backup", "touch"))
            files.mkdir(exist_ok=True)
            for path in originals:  # placed before the version is published, so it never lacks one
                if not (files / path.name).exists():
                    os.replace(path, files / path.name)
        version = store.current_path().name
        kept = _restore_accounts(work / ACCOUNTS)
        tables = table_counts(store.current_path())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RestoreReport(archive=archive, version=version, restored_from=info["version"], tables=tables,
                         originals=len(originals), accounts_kept=kept)


def _restore_accounts(saved: Path) -> Path | None:
    """The backup's accounts file in place of the current one (kept beside it when it differs)."""
    if not saved.is_file():
        return None
    target = settings().users_file
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = None
    if target.is_file() and target.read_bytes() != saved.read_bytes():
        kept = target.with_name(f"{target.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}")
        shutil.copy2(target, kept)
    tmp = target.with_name(target.name + ".restore")
    shutil.copyfile(saved, tmp)
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)
    return kept
