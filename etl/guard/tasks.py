"""What the reading process does with an untrusted file: the one place that calls the parsing entry points.

Each function here runs in a child process (etl.guard.process) and returns plain data: `Parsed` (the
indicator readers and the upload page's mapping; its observations an Arrow table, which the server makes a
DataFrame), `ParsedSurvey` (survey readers) or a `Workbook` preview (the marked-up report, one layer up, is
etl.validate.annotate.guarded_report). Limits on the file's
structure are checked beside the reading (etl.guard.limits): a workbook built to exhaust readers ends the process
with the limit it passes. Parsing is pure: nothing here reads or writes the store.
"""

from __future__ import annotations

from pathlib import Path

import etl.guard.limits as limits
import etl.guard.process as process
import etl.guard.wire as wire
from core.errors import Problem, ValidationError, coded
from etl.model import IndicatorMeta, Parsed, SourceMeta
from etl.read.sheets import Workbook, read_sheets
from etl.recipes.guess import guess_mapping
from etl.recipes.mapping import Mapping, NewIndicator, SourceInfo
from etl.recipes.parse import parse_arrow, parse_mapped_arrow
from etl.recipes.survey import READERS as SURVEY_READERS
from etl.recipes.survey import ParsedSurvey, parse_survey
from etl.recipes.survey import detect as detect_survey
from etl.recipes.survey_forms import SurveyForm, guess_form, parse_form

wire.allow(Parsed, SourceMeta, IndicatorMeta, Problem, ParsedSurvey, Workbook, Mapping, NewIndicator, SourceInfo)

UNKNOWN_LAYOUT = "Unknown layout"
PREVIEW_ROWS = 250  # as etl.guard.PREVIEW_ROWS: the rows a guess is made from


def read_file(path: Path, recipe: str | None, edition: str | None, mapping: Mapping | None,
              known: dict[str, IndicatorMeta] | None, max_bytes: int | None, surveys: bool) -> Parsed | ParsedSurvey:
    """The file read by `recipe` (else the recipe that recognises it), by `mapping`, or, when `surveys` and no
    recipe fits, as a survey file; structural faults raise ValidationError."""
    with limits.beside(path, find_formulas=True, refused=process.refused) as warnings:  # the engine reads its formulas
        parsed = _read(path, recipe, edition, mapping, known, max_bytes, surveys)
    return _with(warnings, parsed)


def _read(path: Path, recipe: str | None, edition: str | None, mapping: Mapping | None,
          known: dict[str, IndicatorMeta] | None, max_bytes: int | None, surveys: bool) -> Parsed | ParsedSurvey:
    if recipe in SURVEY_READERS:
        return parse_survey(path, recipe, max_bytes=max_bytes)
    if mapping is not None:
        return parse_mapped_arrow(path, mapping, known=known or {}, max_bytes=max_bytes)
    try:
        return parse_arrow(path, recipe, known=known, edition=edition, max_bytes=max_bytes)
    except ValidationError as unknown:
        if not surveys or recipe is not None or unknown.title != UNKNOWN_LAYOUT:
            raise
        wb = read_sheets(path, max_bytes=max_bytes)
        if detect_survey(wb) is None:
            layouts = "; ".join(reader[2] for reader in SURVEY_READERS.values())
            form = guess_form(wb)  # one row per respondent: the upload page can map it as a survey form
            raise ValidationError(unknown.title, [*unknown.problems, Problem(
                f"nor is it in a survey layout ({layouts})", file=path.name,
                hint="for survey results, download the survey templates from the upload page")] + ([coded(
                    "sf_cli_form", {"respondents": form.respondents, "questions": len(form.form.questions)},
                    file=path.name, sheet=wb.sheet_label(form.form.sheet))] if form else [])) from None
        return parse_survey(path, wb=wb)


def _with(warnings: list[Problem], parsed: Parsed | ParsedSurvey) -> Parsed | ParsedSurvey:
    parsed.problems = warnings + parsed.problems
    return parsed


def read_form(path: Path, form: SurveyForm, max_bytes: int | None) -> ParsedSurvey:
    """A survey form export read through the form a person confirmed (every row, not the preview's)."""
    with limits.beside(path, refused=process.refused) as warnings:
        parsed = parse_form(read_sheets(path, max_bytes=max_bytes), form)
    return _with(warnings, parsed)


def preview(path: Path, rows: int, columns: int, max_bytes: int | None) -> Workbook:
    """The first `rows` rows and `columns` columns of every sheet, for the upload page's mapping step."""
    with limits.beside(path, refused=process.refused):
        wb = read_sheets(path, max_bytes=max_bytes, rows=rows)  # only the first rows made into Python cells
    wb.sheets = {name: [row[:columns] for row in cells[:rows]] for name, cells in wb.sheets.items()}
    return wb


def guess(path: Path, lang: str, known: dict[str, IndicatorMeta] | None, max_bytes: int | None) -> Mapping | None:
    """The mapping the upload page would start from (etl.recipes.guess), for `etl load` on a file no recipe fits."""
    with limits.beside(path, refused=process.refused):
        wb = read_sheets(path, max_bytes=max_bytes, rows=PREVIEW_ROWS)  # what the upload page guesses from
    return guess_mapping(wb, lang=lang, file_name=path.name, known=known)
