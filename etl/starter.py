"""The starter pack: real published files shipped in data/starter/ with their provenance, the default store's data."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import Problem, ValidationError
from core.settings import ROOT
from etl.recipes import survey as survey_read
from etl.recipes.parse import parse
from etl.validate.prepare import LoadReport, Prepared, prepare
from etl.validate.survey import PreparedSurvey, prepare_survey_file
from etl.write import batches
from etl.write.commit import keep_original, sha256_of
from etl.write.survey import write_survey_batch
from store import Store

STARTER_DIR = ROOT / "data" / "starter"
MANIFEST = STARTER_DIR / "MANIFEST.csv"
USER = "starter pack"
LOAD_NOW, LOAD_LATER, NOT_DATA = "yes", "later", "no"  # the manifest's `load` column


@dataclass(frozen=True)
class Entry:
    """One row of data/starter/MANIFEST.csv: a file as its publisher released it and how it is loaded."""

    file: str  # path under data/starter/
    sha256: str
    bytes: int
    dataset: str
    title: str
    publisher: str
    licence: str
    url: str
    received: str  # when the file came into this project (the publisher's download date is not recorded)
    provenance: str  # "as published", or how it was derived
    loader: str  # the recipe or survey layout (`etl load --recipe`) that reads it
    load: str  # yes: `etl init` loads it; later: waits for its reader; no: not data (a code list)
    note: str

    @property
    def path(self) -> Path:
        return STARTER_DIR / self.file


@dataclass
class StarterResult:
    """What building the default store did: a report per loaded file, and the entries left out (with why)."""

    reports: list[LoadReport] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [line for report in self.reports for line in report.lines()]
        for entry in self.skipped:
            out.append(f"{entry.file}: not loaded ({entry.load}): {entry.note}")
        return out


def manifest(path: Path = MANIFEST) -> list[Entry]:
    with path.open(encoding="utf-8", newline="") as f:
        return [Entry(**{**row, "bytes": int(row["bytes"])}) for row in csv.DictReader(f)]


def verify(entries: list[Entry]) -> list[Problem]:
    """Every shipped file present, byte for byte what the manifest says (size and sha256)."""
    problems = []
    for entry in entries:
        if not entry.path.is_file():
            problems.append(Problem("a file of the starter pack is missing", file=str(entry.path),
                                    hint="restore it from the repository (git checkout -- data/starter)"))
        elif entry.path.stat().st_size != entry.bytes or sha256_of(entry.path) != entry.sha256:
            problems.append(Problem("the file differs from the one the manifest lists (sha256)", file=str(entry.path),
                                    value=entry.sha256, hint="the starter pack ships the publisher's files "
                                    "unchanged: restore it (git checkout -- data/starter)"))
        if entry.load not in (LOAD_NOW, LOAD_LATER, NOT_DATA):
            problems.append(Problem("unknown value in the manifest's load column", file=str(MANIFEST),
                                    column="load", value=entry.load, hint="write yes, later or no"))
    return problems


def ready() -> tuple[list[tuple[Entry, Prepared | PreparedSurvey]], list[Entry]]:
    """The entries marked `load=yes`, each read and checked (nothing written yet), and the entries left out.
    Raises ValidationError when a shipped file is missing or not the one the manifest lists."""
    entries = manifest()
    problems = verify(entries)
    if problems:
        raise ValidationError("The starter pack does not match data/starter/MANIFEST.csv; nothing was loaded",
                              problems)
    return [(e, _prepare(e)) for e in entries if e.load == LOAD_NOW], [e for e in entries if e.load != LOAD_NOW]


def write(con, store: Store, prepared: list[tuple[Entry, Prepared | PreparedSurvey]],
          skipped: list[Entry]) -> StarterResult:
    """Write the prepared entries inside the caller's transaction, one batch each, keeping each file's bytes."""
    result = StarterResult(skipped=skipped)
    for entry, ready_entry in prepared:
        result.reports.append(_write(con, entry, ready_entry))
        keep_original(store, entry.path, entry.sha256)
    return result


def _prepare(entry: Entry) -> Prepared | PreparedSurvey:
    """Read and check one file (outside the write transaction)."""
    if entry.loader in survey_read.READERS:
        return prepare_survey_file(entry.path, format=entry.loader)
    return prepare(parse(entry.path, entry.loader or None), entry.path.name)


def _write(con, entry: Entry, prepared: Prepared | PreparedSurvey) -> LoadReport:
    report = prepared.report
    if isinstance(prepared, PreparedSurvey):
        counts = write_survey_batch(con, prepared, file_name=entry.path.name, sha256=entry.sha256,
                                                user=USER)
    else:
        counts = batches.write_batch(
            con, rows=prepared.rows, source=prepared.parsed.source, indicators=prepared.parsed.indicators,
            file_name=entry.path.name, sha256=entry.sha256, kind=prepared.parsed.format, user=USER,
            report=report.as_record())
        report.replaced, report.unchanged = counts["replaced"], counts["unchanged"]
    report.batch_id, report.added, report.demo_removed = counts["batch_id"], counts["added"], counts["demo_removed"]
    return report
