"""Untrusted files are read in a guarded worker process: limits first, then the reader, then data sent back.

Every file a person brings (the upload page, `etl load`) is opened only here. The server and the command
line never run a reader on it themselves, so a file that makes a reader crash, or need gigabytes, or never
finish, costs one child process and ends in a located message; the store is untouched and the dashboard
keeps serving everyone else.
"""

from __future__ import annotations

from pathlib import Path

from etl.guard import limits, process, tasks
from etl.guard.process import Limits, Stopped, warm
from etl.model import IndicatorMeta, Parsed
from etl.read.sheets import Workbook
from etl.recipes.mapping import Mapping
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

    Raises ValidationError: the reader's own (unknown layout, missing columns, ...), a limit passed before
    reading (`etl.guard.limits`), or `Stopped` when the worker ran out of memory or time or crashed.
    `known`: indicators the mapping may use (the store's, read by the caller). `file_name` names the file in
    messages (default: the path's name).
    """
    path = Path(path)
    return process.run(tasks.read_file, path, recipe, edition, mapping, known, max_bytes, surveys,
                       file=file_name or path.name)


def read_form(path: Path, form: SurveyForm, max_bytes: int | None = None) -> ParsedSurvey:
    """A survey form export read through `form` in the guarded worker, every row of it."""
    path = Path(path)
    return process.run(tasks.read_form, path, form, max_bytes, file=path.name)


def preview(path: Path, max_bytes: int | None = None) -> Workbook:
    """The first rows of every sheet of `path`, read in the guarded worker (for the mapping step)."""
    path = Path(path)
    return process.run(tasks.preview, path, PREVIEW_ROWS, PREVIEW_COLUMNS, max_bytes, file=path.name)
