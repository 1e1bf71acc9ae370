"""Load one file: read it, check it, harmonise countries, and write it as one batch in one transaction."""

from __future__ import annotations

from pathlib import Path

from core.errors import Problem, ValidationError
from etl.read.sheets import read_sheets
from etl.recipes import survey as survey_read
from etl.recipes.formats import parse
from etl.validate.known import known_indicators
from etl.validate.prepare import LoadReport, Progress, prepare
from etl.validate.survey import is_survey_file, prepare_survey_file
from etl.write.commit import commit, commit_survey
from store import Store


def load_file(path: Path, *, format: str | None = None, user: str | None = None, store: Store | None = None,
              progress: Progress = lambda _: None) -> LoadReport:
    """Read, check and load one file as one batch. Raises ValidationError; the store is then unchanged."""
    path = Path(path)
    store = store or Store()
    if format in survey_read.READERS:
        return load_survey_file(path, format=format, user=user, store=store, progress=progress)
    progress(f"reading {path.name}")
    try:
        known = known_indicators(store)
        parsed = parse(path, format, known=known)
    except ValidationError as unknown:
        if format is not None or unknown.title != "Unknown layout":
            raise
        wb = read_sheets(path)
        if not is_survey_file(wb):
            layouts = "; ".join(r[2] for r in survey_read.READERS.values())
            raise ValidationError(unknown.title, [*unknown.problems, Problem(
                f"nor is it in a survey layout ({layouts})", file=path.name,
                hint="for survey results, download the survey templates from the upload page")]) from None
        return load_survey_file(path, user=user, store=store, progress=lambda _: None, wb=wb)
    progress(f"checking {len(parsed.observations):,} observations ({parsed.format}, {parsed.source.source_id})")
    prepared = prepare(parsed, path.name, set(known))
    progress("writing to the store")
    return commit(prepared, path=path, user=user, store=store)




def load_survey_file(path: Path, *, format: str | None = None, user: str | None = None, store: Store | None = None,
                     progress: Progress = lambda _: None, wb=None) -> LoadReport:
    """Read, check and load one survey file as one batch. Raises ValidationError; the store is then unchanged."""
    path = Path(path)
    progress(f"reading and checking {path.name}")
    prepared = prepare_survey_file(path, format=format, wb=wb)
    progress("writing to the store")
    return commit_survey(prepared, path=path, user=user, store=store or Store())
