"""The one write path: a prepared indicator or survey file becomes one batch in one transaction."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from core.settings import settings
from etl.validate.prepare import LoadReport, Prepared
from etl.validate.survey import PreparedSurvey
from etl.write import batches
from etl.write.survey import write_survey_batch
from store import Store


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def commit(prepared: Prepared, *, path: Path, user: str | None, store: Store) -> LoadReport:
    """Write a prepared file as one batch; the same file already loaded changes nothing."""
    report = prepared.report
    sha = sha256_of(path)
    try:
        with store.writer() as con:
            counts = batches.write_batch(
                con, rows=prepared.rows, source=prepared.parsed.source, indicators=prepared.parsed.indicators,
                file_name=path.name, sha256=sha, kind=prepared.parsed.format, user=user or _default_user(),
                report=report.as_record(),
            )
            keep_original(store, path, sha)
    except batches.AlreadyLoaded as done:
        report.already_loaded = done.batch_id
        return report
    report.batch_id = counts["batch_id"]
    report.added, report.replaced, report.unchanged = counts["added"], counts["replaced"], counts["unchanged"]
    report.demo_removed = counts["demo_removed"]
    return report


def keep_original(store: Store, path: Path, sha: str) -> None:
    """Keep every loaded file as it was, named by its hash, so a batch can be traced back to its bytes."""
    folder = store.dir / "files"
    folder.mkdir(exist_ok=True)
    target = folder / sha
    if not target.exists():
        tmp = folder / (sha + ".tmp")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)


def _default_user() -> str:
    return settings().user


def commit_survey(prepared: PreparedSurvey, *, path: Path, user: str | None, store: Store) -> LoadReport:
    """Write a prepared survey file as one batch; the same file already loaded changes nothing."""
    report = prepared.report
    sha = sha256_of(path)
    try:
        with store.writer() as con:
            counts = write_survey_batch(con, prepared, file_name=path.name, sha256=sha, user=user or _default_user())
            keep_original(store, path, sha)
    except batches.AlreadyLoaded as done:
        report.already_loaded = done.batch_id
        return report
    report.batch_id = counts["batch_id"]
    report.added = counts["added"]
    report.demo_removed = counts["demo_removed"]
    return report
