"""The known published layouts: detect which one a file is in and read it into `Parsed`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from core.errors import Problem, ValidationError
from etl.model import Parsed
from etl.read.sheets import Workbook, first_cells, read_sheets
from etl.recipes.formats import cpi, databank, egdi, template, wgi


class Reader(Protocol):
    """What a format module exposes (modules satisfy this protocol)."""

    NAME: str
    DESCRIPTION: str
    KEY_COLUMNS: Sequence[str]

    def detect(self, wb: Workbook) -> bool: ...

    def read(self, wb: Workbook, known: dict | None = None) -> Parsed: ...


# In detection order: the first layout whose detect() says yes is taken.
FORMATS: dict[str, Reader] = {m.NAME: m for m in (wgi, cpi, egdi, databank, template)}


def known_layouts() -> str:
    return "; ".join(f"{name} ({r.DESCRIPTION}: {', '.join(r.KEY_COLUMNS)})" for name, r in FORMATS.items())


def detect_format(wb: Workbook) -> str:
    """The name of the layout `wb` is in; ValidationError saying what was found if none fits."""
    for name, reader in FORMATS.items():
        if reader.detect(wb):
            return name
    found = "; ".join(
        f"{'the file' if wb.is_csv else repr(sheet)} starts with {first_cells(rows)}"
        for sheet, rows in wb.sheets.items()
    )
    raise ValidationError(
        "Unknown layout",
        [
            Problem(
                f"the file is in none of the layouts this dashboard reads. Found: {found or 'no cells'}. "
                f"Known layouts: {known_layouts()}",
                file=wb.file,
                hint="upload the file as its publisher released it, or use the national data template",
            )
        ],
    )


def parse(path: Path, format: str | None = None, *, max_bytes: int | None = None,
          known: dict | None = None) -> Parsed:
    """Read `path`, find its layout (or use `format`) and return what it holds; reading warnings come first.

    Structural faults (unreadable file, unknown layout, missing sheet or column) raise ValidationError;
    faults in single cells come back as Problems in `Parsed.problems` (severity "error" blocks the load).
    """
    path = Path(path)
    if format is not None and format not in FORMATS:
        raise ValidationError(
            "Unknown format",
            [Problem(f"no reader is called {format!r}; known: {', '.join(FORMATS)}", file=path.name)],
        )
    wb = read_sheets(path, max_bytes=max_bytes)
    name = format or detect_format(wb)
    parsed = FORMATS[name].read(wb, known)
    parsed.problems = wb.warnings + parsed.problems
    return parsed
