"""Uploaded files kept in a private temporary folder per browser session while they are reviewed, then removed."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path

from core.settings import settings

MAX_AGE_SECONDS = 24 * 3600  # a folder untouched this long belongs to a session that has ended
_SESSION = re.compile(r"[0-9a-f]{32}")


def upload_root() -> Path:
    """Where uploads wait: `HUB_UPLOAD_DIR`, else <temp>/hub-uploads."""
    return settings().upload_dir


def session_folder(session: str, root: Path | None = None) -> Path:
    """The folder of one browser session's upload; `session` is a 32-digit hex token (no path tricks)."""
    if not _SESSION.fullmatch(session):
        raise ValueError(f"not an upload session token: {session!r}")
    return (root or upload_root()) / session


def save_upload(data: bytes, name: str, session: str, *, root: Path | None = None,
                now: float | None = None) -> tuple[Path, str]:
    """Keep `data` as <root>/<session>/<sha>/<name>; (path, sha256).

    The session's earlier uploads (other files) are removed, and so is any session folder untouched for
    MAX_AGE_SECONDS. Saving the same file again rewrites nothing but marks the session as active.
    """
    root = root or upload_root()
    remove_stale(root, now=now)
    sha = hashlib.sha256(data).hexdigest()
    mine = session_folder(session, root)
    folder = mine / sha[:32]
    if mine.is_dir():
        for other in mine.iterdir():
            if other != folder:
                _remove(other)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / (Path(name).name or "upload")
    if not path.exists():
        tmp = folder / f".{path.name}.part"
        tmp.write_bytes(data)
        tmp.replace(path)
    stamp = time.time() if now is None else now
    os.utime(mine, (stamp, stamp))
    return path, sha


def remove_session(session: str, root: Path | None = None) -> None:
    """Remove everything a session uploaded (after its file is saved to the store, or the upload is cleared)."""
    _remove(session_folder(session, root))


def remove_stale(root: Path | None = None, *, max_age: float = MAX_AGE_SECONDS, now: float | None = None) -> list[Path]:
    """Remove the folders under `root` not touched for `max_age` seconds; the removed folders."""
    root = root or upload_root()
    if not root.is_dir():
        return []
    limit = (time.time() if now is None else now) - max_age
    removed = []
    for folder in root.iterdir():
        try:
            old = folder.stat().st_mtime < limit
        except FileNotFoundError:  # removed meanwhile by another session
            continue
        if old:
            _remove(folder)
            removed.append(folder)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
