"""Untrusted files are read in a guarded worker process: the reader with limits checked beside it, data sent back.

Every file a person brings (the upload page, `etl load`) is opened only here. The server and the command
line never run a reader on it themselves, so a file that makes a reader crash, or need gigabytes, or never
finish, costs one child process and ends in a located message; the store is untouched and the dashboard
keeps serving everyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from etl.guard import limits, process, tasks
from etl.guard.process import Limits, Stopped, warm
from etl.model import IndicatorMeta, Parsed
from etl.read.sheets import Workbook
from etl.recipes.mapping import Mapping
from etl.recipes.parse import as_frame
from etl.recipes.survey import ParsedSurvey
from etl.recipes.survey_forms import SurveyForm

__all__ = ["Limits", "Stopped", "preview", "read_file", "warm"]

# Titles of the errors raised when a file could not be read safely (a limit, a crash): the page explains them.
REFUSED_TITLES = frozenset({process.TITLE_LIMIT, process.TITLE_STOPPED, limits.TITLE})
PREVIEW_ROWS = 250  # the mapping step shows 15 rows, offers header rows up to 50, and guesses from 200 below
PREVIEW_COLUMNS = 1000


def read_file(path: Path, *, recipe: str | None = None, edition: str | None = None, mapping: Mapping | None = None,
              known: dict[str, IndicatorMeta] | None = None, max_bytes: int | None = None, surveys: bool = True,
              file_name: str | None = None) -> Parsed | ParsedSurvey:
    """`path` parsed in the guarded worker: by `recipe` (a recipe's name or file, "template", a survey layout) or
    the recipe that recognises it, by `mapping`, else as a survey file; `edition` overrides the recipe's.

    Raises ValidationError: the reader's own (unknown layout, missing columns, ...), a limit the file passes
    (`etl.guard.limits`), or `Stopped` when the worker ran out of memory or time or crashed.
    `known`: indicators the mapping may use (the store's, read by the caller). `file_name` names the file in
    messages (default: the path's name).
    """
    read = _run(tasks.read_file, Path(path), recipe, edition, mapping, known, max_bytes, surveys, file=file_name)
    return as_frame(read) if isinstance(read, Parsed) else read


def read_form(path: Path, form: SurveyForm, max_bytes: int | None = None) -> ParsedSurvey:
    """A survey form export read through `form` in the guarded worker, every row of it."""
    return _run(tasks.read_form, Path(path), form, max_bytes)


def preview(path: Path, max_bytes: int | None = None) -> Workbook:
    """The first rows of every sheet of `path`, read in the guarded worker (for the mapping step)."""
    return _run(tasks.preview, Path(path), PREVIEW_ROWS, PREVIEW_COLUMNS, max_bytes)


def guess(path: Path, *, lang: str = "en", known: dict[str, IndicatorMeta] | None = None,
          max_bytes: int | None = None) -> Mapping | None:
    """The guessed mapping of `path` (header rows, country, years, indicators), made in the guarded worker."""
    return _run(tasks.guess, Path(path), lang, known, max_bytes)


def _run(task: Callable, path: Path, *args: object, file: str | None = None) -> object:
    """`task(path, *args)` in the guarded worker, which checks the file's limits beside its reader. When the file
    stops the worker (memory, time, a crash) before that check could say which limit it passes (a cell in the far
    corner makes a reader ask for gigabytes at once), the check runs alone in a fresh worker, and its located
    message is the one given."""
    file = file or path.name
    try:
        return process.run(task, path, *args, file=file)
    except Stopped as stop:
        if stop.reason != "output":
            process.run(limits.check, path, file=file)
        raise
