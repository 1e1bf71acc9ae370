"""Load one file: read it (in the guarded worker), check it, harmonise countries, and write it as one batch."""

from __future__ import annotations

from pathlib import Path

from etl import guard
from etl.recipes.survey import ParsedSurvey
from etl.validate.known import known_indicators
from etl.validate.prepare import LoadReport, Progress, prepare
from etl.validate.survey import prepare_survey, prepare_survey_file
from etl.write.commit import commit, commit_survey
from store import Store


def load_file(path: Path, *, format: str | None = None, user: str | None = None, store: Store | None = None,
              progress: Progress = lambda _: None, recipe: str | None = None,
              edition: str | None = None) -> LoadReport:
    """Read, check and load one file as one batch. Raises ValidationError; the store is then unchanged.

    The file is read in the guarded worker (etl.guard): by `recipe` (or `format`, its older name: a recipe, a
    recipe file, "template" or a survey layout), else by the recipe that recognises it, else as a survey file.
    `edition` overrides the edition the recipe reads from the file."""
    path = Path(path)
    store = store or Store()
    progress(f"reading {path.name} in a guarded process")
    known = known_indicators(store)
    parsed = guard.read_file(path, recipe=recipe or format, edition=edition, known=known)
    if isinstance(parsed, ParsedSurvey):
        progress(f"checking the survey file ({parsed.format}, {parsed.source.source_id})")
        prepared_survey = prepare_survey(parsed, path.name)
        progress("writing to the store")
        return commit_survey(prepared_survey, path=path, user=user, store=store)
    progress(f"checking {len(parsed.observations):,} observations ({parsed.format}, {parsed.source.source_id})")
    prepared = prepare(parsed, path.name, set(known))
    progress("writing to the store")
    return commit(prepared, path=path, user=user, store=store)


def load_survey_file(path: Path, *, format: str | None = None, user: str | None = None, store: Store | None = None,
                     progress: Progress = lambda _: None) -> LoadReport:
    """Read, check and load one survey file as one batch. Raises ValidationError; the store is then unchanged."""
    path = Path(path)
    progress(f"reading and checking {path.name}")
    prepared = prepare_survey_file(path, format=format)
    progress("writing to the store")
    return commit_survey(prepared, path=path, user=user, store=store or Store())
