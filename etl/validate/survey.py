"""Checks before a survey load: harmonise countries, build survey ids, find repeated results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core.errors import Problem, ValidationError, coded
from etl import guard
from etl.harmonise import countries
from etl.read.sheets import Workbook
from etl.recipes import survey as survey_read
from etl.recipes.survey import ParsedSurvey
from etl.recipes.survey_forms import SurveyForm, parse_form
from etl.validate.prepare import MAX_UNMATCHED_LISTED, LoadReport


@dataclass
class PreparedSurvey:
    """A parsed survey file with ISO3 codes and survey ids, checked, ready to write."""

    parsed: ParsedSurvey
    surveys: pd.DataFrame  # SURVEY_COLUMNS + iso3, survey_id
    aggregates: pd.DataFrame | None  # + survey_id
    report: LoadReport
    survey_of_row: pd.Series | None = None  # survey id by index of parsed.surveys (files of several surveys)

    def respondent_surveys(self) -> pd.Categorical:
        """The survey id of every respondent: the file's one survey, or by the respondents' `survey_row`
        (a survey form holds several countries; `survey_row` indexes `parsed.surveys`)."""
        resp = self.parsed.respondents
        ids = self.surveys["survey_id"]
        if "survey_row" not in resp:
            return pd.Categorical(np.repeat(ids.iloc[0], len(resp)), categories=[ids.iloc[0]])
        by_row = ids if self.survey_of_row is None else self.survey_of_row
        return pd.Categorical(resp["survey_row"].map(by_row), categories=ids.unique())

    def preview(self) -> dict[str, int]:
        """Counts for the upload page's 'what will be loaded' summary."""
        p = self.parsed
        return {"surveys": len(self.surveys), "questions": len(p.questions),
                "results": 0 if self.aggregates is None else len(self.aggregates),
                "respondents": 0 if p.respondents is None else len(p.respondents),
                "answers": 0 if p.answers is None else int(p.answers.notna().sum().sum())}


def is_survey_file(wb: Workbook) -> bool:
    """Whether the upload page / CLI should take the survey path for this file."""
    return survey_read.detect(wb) is not None


def _column_of(rows: pd.DataFrame) -> str:
    """The column a survey's country was read from (the form's own header), 'country' for the templates."""
    found = rows["column"].dropna() if "column" in rows else ()
    return str(found.iloc[0]) if len(found) else "country"


def prepare_survey(parsed: ParsedSurvey, file_name: str) -> PreparedSurvey:
    """Harmonise countries and check a parsed survey; ValidationError lists every blocking problem."""
    problems = list(parsed.problems)
    surveys = parsed.surveys.copy()
    found = countries.harmonize(surveys["country_name"].astype("string"),
                                surveys["country_code"].astype("string"))
    surveys["iso3"] = found.iso3
    unmatched = sorted(found.unmatched)
    if len(unmatched) > MAX_UNMATCHED_LISTED:
        problems.append(Problem(
            f"{len(unmatched) - MAX_UNMATCHED_LISTED:,} more country names not recognised besides those listed",
            file=file_name, column="country", hint="write each country's name or ISO3 code",
            severity="error" if parsed.level == "respondent" else "warning"))
    for raw in unmatched[:MAX_UNMATCHED_LISTED]:
        first = surveys[surveys["iso3"].isna() & ((surveys["country_name"] == raw) | (surveys["country_code"] == raw))]
        guess = countries.suggest(str(raw))
        level_error = parsed.level == "respondent"
        problems.append(coded(
            ("sv_country" if level_error else "sv_country_skipped") + ("_guess" if guess else ""),
            {"iso3": guess[0][0], "country": guess[0][0], "name": guess[0][1]} if guess else {}, file=file_name,
            sheet=first["sheet"].iloc[0] if len(first) else None,
            row=int(first["row"].iloc[0]) if len(first) and pd.notna(first["row"].iloc[0]) else None,
            column=_column_of(first), value=raw, severity="error" if level_error else "warning"))
    surveys = surveys[surveys["iso3"].notna()].copy()
    surveys["survey_id"] = (parsed.source.source_id + ":" + surveys["iso3"].astype(str) + ":"
                            + surveys["year"].astype(int).astype(str))
    survey_of_row = None
    if parsed.respondents is not None and "survey_row" in parsed.respondents:
        survey_of_row = surveys["survey_id"].copy()
        surveys = _merge_spellings(surveys)
    dup = surveys.duplicated("survey_id", keep=False)
    for sid in sorted(set(surveys.loc[dup, "survey_id"])):
        problems.append(coded("sv_same_survey", {"survey": sid}, file=file_name, column="country", value=sid))
    aggregates = None
    if parsed.aggregates is not None:
        key = surveys.set_index(["country_name", "year"])["survey_id"]
        agg = parsed.aggregates
        ids = pd.Series([key.get((c, y)) for c, y in zip(agg["country_name"], agg["year"], strict=True)],
                        index=agg.index, dtype=object)
        aggregates = agg.assign(survey_id=ids)[ids.notna()].copy()
        dups = aggregates.duplicated(["survey_id", "question_code", "dimension", "group_name", "measure"], keep=False)
        for _, g in list(aggregates[dups].groupby(["survey_id", "question_code", "dimension", "group_name",
                                                   "measure"]))[:20]:
            problems.append(coded("sv_result_repeated", {"n": len(g), "rows": ", ".join(map(str, g["row"]))},
                                  file=file_name, sheet=g["sheet"].iloc[0], row=int(g["row"].iloc[1]),
                                  column="question_code", value=g["question_code"].iloc[0]))
    errors = [p for p in problems if p.severity == "error"]
    report = LoadReport(
        file=file_name, format=parsed.format, source_id=parsed.source.source_id,
        rows_in_file=len(parsed.respondents) if parsed.respondents is not None else len(parsed.aggregates),
        unmatched=dict(found.unmatched), aggregates=dict(found.aggregates),
        warnings=[p for p in problems if p.severity != "error"],
    )
    if errors:
        raise ValidationError(f"{file_name}: {len(errors)} problem(s) found; nothing was loaded", errors)
    return PreparedSurvey(parsed=parsed, surveys=surveys, aggregates=aggregates, report=report,
                          survey_of_row=survey_of_row)


def _merge_spellings(surveys: pd.DataFrame) -> pd.DataFrame:
    """A form's surveys are its distinct country cells: two spellings of a country ('Казахстан', 'KAZ') are one
    survey, its fieldwork from the first to the last day of both."""
    return surveys.groupby("survey_id", sort=False, as_index=False).agg(
        {**{c: "first" for c in surveys.columns if c != "survey_id"}, "fieldwork_start": "min",
         "fieldwork_end": "max"})


def prepare_survey_file(path: Path, *, format: str | None = None, max_bytes: int | None = None) -> PreparedSurvey:
    """Read (in the guarded worker) and check a survey file without writing; `preview()` says what would load.
    Then `commit_survey(prepared, path=..., user=..., store=...)` writes it as one batch."""
    path = Path(path)
    parsed = guard.read_file(path, recipe=format, max_bytes=max_bytes)
    if not isinstance(parsed, ParsedSurvey):
        raise ValidationError("Not a survey file", [Problem(
            f"the file is in the indicator layout '{parsed.format}', not a survey layout", file=path.name,
            hint="load it as indicator data")])
    return prepare_survey(parsed, path.name)


def prepare_form_file(path: Path, form: SurveyForm, *, wb: Workbook | None = None) -> PreparedSurvey:
    """A survey form export read through a confirmed `form` (from `wb` when the whole file is at hand, else in the
    guarded worker) and checked, ready for `commit_survey`."""
    path = Path(path)
    return prepare_survey(parse_form(wb, form) if wb is not None else guard.read_form(path, form), path.name)
