"""Loading a file: keep the upload, review it (what would change), commit it as one batch, or load it in one go."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pandas as pd
import yaml

from core.errors import HubError, Problem, ValidationError
from etl import catalogue, guard, uploads
from etl.load import load_file as _load_file
from etl.read.cells import cell_text
from etl.read.sheets import Workbook, default_max_bytes
from etl.recipes.mapping import Mapping
from etl.recipes.starter import starting_recipe
from etl.recipes.survey import ParsedSurvey
from etl.recipes.survey_forms import FormGuess, SurveyForm
from etl.recipes.survey_forms import guess_form as _guess_form
from etl.templates.indicators import build_template
from etl.templates.surveys import aggregate_template, hub_bank, respondent_template
from etl.validate import survey as _survey
from etl.validate.annotate import guarded_report, report_workbook
from etl.validate.known import known_indicators
from etl.validate.prepare import LoadReport, Progress
from etl.validate.review import Review, review
from etl.validate.survey import PreparedSurvey
from etl.write import commit as _commit
from etl.write.batches import active_batch_with_sha
from store import Store

__all__ = ["FileExists", "FileMissing", "FormGuess", "GuessedMapping", "LoadReport", "Loaded", "Mapping", "NotReady",
           "ParsedSurvey", "PreparedSurvey", "Review", "SurveyForm", "Upload", "Workbook"]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")


class FileMissing(HubError):
    """The file to load is not there."""

    code = "no_file"


class FileExists(HubError):
    """A file to write is there already (nothing is overwritten)."""

    code = "file_exists"


class NotReady(HubError):
    """A review with errors (or none at all) cannot be committed; its problems say why."""

    code = "not_ready"


@dataclass(frozen=True)
class Upload:
    """An uploaded file kept in its session's private folder while it is reviewed."""

    path: Path
    sha256: str


@dataclass(frozen=True)
class Loaded:
    """The active batch that already holds a file (by its sha256)."""

    batch_id: int
    loaded_at: datetime


@dataclass(frozen=True)
class GuessedMapping:
    """The mapping guessed for a file no recipe fits, and the same as a recipe (YAML) to read or save."""

    mapping: Mapping
    recipe_text: str
    is_csv: bool


# ---- the uploaded copy ----------------------------------------------------------------------------------------


def save_upload(data: bytes, name: str, session: str) -> Upload:
    """Keep uploaded bytes under their own name in the session's private folder (earlier uploads removed)."""
    path, sha = uploads.save_upload(data, name, session)
    return Upload(path, sha)


def discard_upload(session: str) -> None:
    """Remove the session's uploaded copy (saved to the store, already loaded, or no longer picked)."""
    uploads.remove_session(session)


def max_upload_mb() -> float:
    return default_max_bytes() / 1024 / 1024


def warm_reader() -> None:
    """Start the guarded reading process while the person picks a file."""
    guard.warm()


def refused_by_the_guard(result: Review) -> bool:
    """True when the guarded reader refused the file itself (too big, too slow, too much memory)."""
    return result.title in guard.REFUSED_TITLES


# ---- review ---------------------------------------------------------------------------------------------------


def sheets(path: Path) -> Workbook | None:
    """The first rows of every sheet, read in the guarded worker; None when the file cannot be read at all."""
    try:
        return guard.preview(Path(path))
    except ValidationError:
        return None


def review_file(path: Path, *, mapping: Mapping | None = None, recipe: str | None = None,
                store: Store | None = None) -> Review:
    """Read and check a file without writing: its problems, and what it would add, change or leave unchanged.

    A file no recipe fits comes back with `needs_mapping`; a survey file with `survey` (see `review_survey`)."""
    return review(Path(path), format=recipe, mapping=mapping, store=store or Store())


def already_loaded(sha256: str, store: Store | None = None) -> Loaded | None:
    """The active batch that holds the file with this sha256, if any (loading it again would change nothing)."""
    store = store or Store()
    if not store.exists():
        return None
    with store.reader() as con:
        found = active_batch_with_sha(con, sha256)
    return Loaded(int(found[0]), found[1]) if found else None


def commit(result: Review, path: Path, *, user: str | None, store: Store | None = None) -> LoadReport:
    """Write a reviewed file as one batch (whole or not at all). The same file loaded already changes nothing
    (`already_loaded` is set on the report). A review with errors is refused with them."""
    if not result.ok:
        raise NotReady(f"{result.file} has problems to fix before it can be saved", result.errors)
    return _commit.commit(result.prepared, path=Path(path), user=user, store=store or Store())


def problem_report(path: Path, problems: list[Problem], lang: str = "en") -> bytes:
    """The person's file with its problems marked (built in the guarded worker); if even that fails, the Problems
    sheet alone, built without opening the file."""
    try:
        return guarded_report(Path(path), problems, lang)
    except ValidationError:
        return report_workbook(Path(path), problems, lang, cells=False)


# ---- survey files ---------------------------------------------------------------------------------------------


def review_survey(parsed: ParsedSurvey, file_name: str) -> PreparedSurvey:
    """Check a survey file read by `review_file`: what would load (`.preview()`), or ValidationError with every
    problem located."""
    return _survey.prepare_survey(parsed, file_name)


def guess_form(workbook: Workbook | None) -> FormGuess | None:
    """The survey form export a file looks like (one row per respondent, answers as text), or None."""
    return _guess_form(workbook, bank=hub_bank()) if workbook is not None else None


def commit_survey(prepared: PreparedSurvey, path: Path, *, user: str | None,
                  store: Store | None = None) -> LoadReport:
    """Write a checked survey file as one batch; surveys already in the store are refused (ValidationError)."""
    return _commit.commit_survey(prepared, path=Path(path), user=user, store=store or Store())


# ---- in one go (the command line) -----------------------------------------------------------------------------


def load_file(path: Path, *, recipe: str | None = None, edition: str | None = None, mapping: Mapping | None = None,
              user: str | None = None, store: Store | None = None,
              progress: Progress = lambda _: None) -> LoadReport:
    """Read, check and write one file as one batch; ValidationError (the store unchanged) when it cannot be."""
    path = Path(path)
    if not path.is_file():
        raise FileMissing(f"No such file: {path}")
    return _load_file(path, recipe=recipe, edition=edition, mapping=mapping, user=user, store=store or Store(),
                      progress=progress)


def guess_mapping(path: Path, *, edition: str | None = None, store: Store | None = None) -> GuessedMapping | None:
    """The mapping the upload page would guess for a file no recipe fits (None when nothing can be guessed)."""
    path = Path(path)
    mapping = guard.guess(path, known=known_indicators(store or Store()))
    if mapping is None:
        return None
    if edition and mapping.source is not None:
        mapping.source = replace(mapping.source, edition=edition)
    is_csv = path.suffix.lower() in CSV_SUFFIXES
    text = yaml.safe_dump(mapping.to_recipe(is_csv=is_csv), sort_keys=False, allow_unicode=True, width=110)
    return GuessedMapping(mapping, text, is_csv)


def write_starting_recipe(path: Path, target: Path) -> Path:
    """Write a starting recipe for a file (header, country, year and value columns guessed, TODOs to fill in)."""
    if not Path(path).is_file():
        raise FileMissing(f"No such file: {path}")
    if target.exists():
        raise FileExists(f"{target} exists already; choose another name")
    target.write_text(starting_recipe(Path(path)), encoding="utf-8")
    return target


# ---- templates ------------------------------------------------------------------------------------------------


def indicator_template(*, declared: bool = True) -> bytes:
    """The indicator-data template (xlsx); `declared`: with the indicators earlier uploads declared in its code
    list (read from the store)."""
    return build_template(sorted(set(known_indicators()) - set(catalogue.indicators())) if declared else None)


def survey_respondent_template() -> bytes:
    return respondent_template()


def survey_results_template() -> bytes:
    return aggregate_template()


def survey_preview(prepared: PreparedSurvey) -> pd.DataFrame:
    """Per survey a checked respondent-level file would add: iso3, year, respondents, fieldwork (text)."""
    ids = pd.Series(prepared.respondent_surveys()).value_counts()
    s = prepared.surveys
    return pd.DataFrame({
        "iso3": s["iso3"].to_numpy(),
        "year": s["year"].astype(int).astype(str).to_numpy(),
        "respondents": s["survey_id"].map(ids).fillna(0).astype(int).to_numpy(),
        "fieldwork": [" – ".join(cell_text(d) for d in (a, b) if cell_text(d)) for a, b in
                      zip(s["fieldwork_start"], s["fieldwork_end"], strict=True)],
    })


def review_form(path: Path, form: SurveyForm) -> PreparedSurvey:
    """Read a survey form export as the confirmed form says (every row, in the guarded worker) and check it:
    what would load, or ValidationError with every problem located."""
    return _survey.prepare_form_file(Path(path), form)
