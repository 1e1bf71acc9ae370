"""Checks before a survey load: harmonise countries, build survey ids, find repeated results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.errors import Problem, ValidationError
from etl.harmonise import countries
from etl.read.sheets import Workbook, read_sheets
from etl.recipes import survey as survey_read
from etl.recipes.survey import ParsedSurvey, parse_survey
from etl.validate.prepare import LoadReport


@dataclass
class PreparedSurvey:
    """A parsed survey file with ISO3 codes and survey ids, checked, ready to write."""

    parsed: ParsedSurvey
    surveys: pd.DataFrame  # SURVEY_COLUMNS + iso3, survey_id
    aggregates: pd.DataFrame | None  # + survey_id
    report: LoadReport

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


def prepare_survey(parsed: ParsedSurvey, file_name: str) -> PreparedSurvey:
    """Harmonise countries and check a parsed survey; ValidationError lists every blocking problem."""
    problems = list(parsed.problems)
    surveys = parsed.surveys.copy()
    found = countries.harmonize(surveys["country_name"].astype("string"),
                                surveys["country_code"].astype("string"))
    surveys["iso3"] = found.iso3
    for raw in sorted(found.unmatched):
        first = surveys[surveys["iso3"].isna() & ((surveys["country_name"] == raw) | (surveys["country_code"] == raw))]
        guess = countries.suggest(str(raw))
        level_error = parsed.level == "respondent"
        problems.append(Problem(
            "country not recognised" + ("" if level_error else "; its results are not loaded"), file=file_name,
            sheet=first["sheet"].iloc[0] if len(first) else None,
            row=int(first["row"].iloc[0]) if len(first) and pd.notna(first["row"].iloc[0]) else None,
            column="country", value=raw,
            hint=(f"did you mean {guess[0][1]} ({guess[0][0]})? " if guess else "") + "write the country's name or "
            "ISO3 code", severity="error" if level_error else "warning"))
    surveys = surveys[surveys["iso3"].notna()].copy()
    surveys["survey_id"] = (parsed.source.source_id + ":" + surveys["iso3"].astype(str) + ":"
                            + surveys["year"].astype(int).astype(str))
    dup = surveys.duplicated("survey_id", keep=False)
    for sid in sorted(set(surveys.loc[dup, "survey_id"])):
        problems.append(Problem(f"two country names in the file mean the same survey {sid}", file=file_name,
                                column="country", value=sid, hint="use one name per country"))
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
            problems.append(Problem(f"the same result appears {len(g)} times (rows "
                                    f"{', '.join(map(str, g['row']))})", file=file_name, sheet=g["sheet"].iloc[0],
                                    row=int(g["row"].iloc[1]), column="question_code",
                                    value=g["question_code"].iloc[0], hint="keep one row per survey, question, "
                                    "group and measure"))
    errors = [p for p in problems if p.severity == "error"]
    report = LoadReport(
        file=file_name, format=parsed.format, source_id=parsed.source.source_id,
        rows_in_file=len(parsed.respondents) if parsed.respondents is not None else len(parsed.aggregates),
        unmatched=dict(found.unmatched), aggregates=dict(found.aggregates),
        warnings=[p for p in problems if p.severity != "error"],
    )
    if errors:
        raise ValidationError(f"{file_name}: {len(errors)} problem(s) found; nothing was loaded", errors)
    return PreparedSurvey(parsed=parsed, surveys=surveys, aggregates=aggregates, report=report)


def prepare_survey_file(path: Path, *, format: str | None = None, max_bytes: int | None = None,
                        wb: Workbook | None = None) -> PreparedSurvey:
    """For the upload page: read and check a survey file without writing; `preview()` says what would load.
    Then `commit_survey(prepared, path=..., user=..., store=...)` writes it as one batch."""
    path = Path(path)
    parsed = parse_survey(path, format, wb=wb or read_sheets(path, max_bytes=max_bytes))
    return prepare_survey(parsed, path.name)


