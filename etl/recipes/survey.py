"""Survey files: GSPS and UK People Survey published results, the aggregate and respondent-level templates."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from core.errors import Problem, ValidationError, coded
from core.settings import REFERENCE_DIR
from etl.model import SourceMeta
from etl.read.sheets import (
    MISSING_MARKERS,
    Workbook,
    clean,
    find_header_row,
    find_table,
    missing_sheet,
    parse_number,
    read_sheets,
    table,
    text_column,
    to_numbers,
    to_years,
)
from etl.recipes.answer_labels import is_ambiguous, norm_label

MEASURES = ("share", "mean", "index")
QUESTION_COLUMNS = ["question_code", "label_en", "label_ru", "text_en", "text_ru", "theme", "theme_ru", "scale_min",
                    "scale_max",
                    "favourable", "neutral", "reverse_coded"]
SURVEY_COLUMNS = ["country_name", "country_code", "year", "name", "fieldwork_start", "fieldwork_end", "population",
                  "response_rate", "sheet", "row", "column"]
AGGREGATE_COLUMNS = ["country_name", "country_code", "year", "question_code", "question_text", "dimension",
                     "group_name", "measure", "n", "value", "lower", "upper", "sheet", "row", "column"]
NOT_STATED = "(not stated)"
MAX_LISTED = 20  # problems of one kind listed per column; the rest counted


@dataclass
class ParsedSurvey:
    """What a survey file holds: its source, surveys, questions, and published figures or respondents."""

    format: str
    source: SourceMeta
    bank: str
    level: str  # "aggregate" | "respondent"
    surveys: pd.DataFrame  # SURVEY_COLUMNS
    questions: pd.DataFrame  # QUESTION_COLUMNS
    aggregates: pd.DataFrame | None = None  # AGGREGATE_COLUMNS
    # respondent_id, weight, row, one column per dimension, and survey_row (index into `surveys`) when the
    # file holds several surveys (a survey form with a country column)
    respondents: pd.DataFrame | None = None
    answers: pd.DataFrame | None = None  # one Int16 column per question code (valid codes; NA otherwise)
    dimensions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    recipe: dict | None = None  # how the file was read when a person said so (a survey form), kept with the batch


# ---- sources ----------------------------------------------------------------------------------------------


@cache
def _datasets() -> dict[str, dict[str, str]]:
    with (REFERENCE_DIR / "survey_datasets.csv").open(encoding="utf-8-sig", newline="") as f:
        return {r["dataset"]: r for r in csv.DictReader(f)}


def survey_source(dataset: str, edition: str) -> SourceMeta:
    """The catalogued publisher, licence and citation of a published survey dataset, for one edition."""
    d = _datasets()[dataset]
    return SourceMeta(dataset=dataset, edition=edition, name=d["name"], publisher=d["publisher"],
                      licence=d["licence"], citation=d["citation"].format(edition=edition), url=d["url"],
                      is_demo=d["is_demo"].strip().lower() == "true")


def slug(text: str) -> str:
    """A question code made from a name: lower case, words joined by underscores."""
    return re.sub(r"[^0-9a-zа-яё]+", "_", str(text).strip().casefold()).strip("_")


def _scale(text: object) -> tuple[float, float]:
    """'1--5' -> (1, 5); anything else -> (nan, nan)."""
    m = re.match(r"^\s*(-?\d+)\s*-{1,2}\s*(-?\d+)", str(text or ""))
    return (float(m.group(1)), float(m.group(2))) if m else (np.nan, np.nan)


def _questions(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in QUESTION_COLUMNS:
        if column not in out:
            out[column] = False if column == "reverse_coded" else None
    return out[QUESTION_COLUMNS].reset_index(drop=True)


def _aggregates(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in AGGREGATE_COLUMNS:
        if column not in out:
            out[column] = None
    return out[AGGREGATE_COLUMNS].reset_index(drop=True)


# ---- GSPS national indicators -----------------------------------------------------------------------------

GSPS_SIGNATURE = {"economy", "indicator", "question_text", "mean", "lower_ci", "upper_ci", "scale"}
GSPS_OPTIONAL = ["country_code", "respondent_group", "topic_group", "response_rate", "category"]


def _gsps_detect(wb: Workbook) -> bool:
    return find_table(wb, GSPS_SIGNATURE) is not None


def _gsps_read(wb: Workbook) -> ParsedSurvey:
    sheet, header = find_table(wb, GSPS_SIGNATURE)
    t = table(wb, sheet, header, ["economy", "year", "indicator", "question_text", "mean", "lower_ci", "upper_ci",
                                  "scale"], GSPS_OPTIONAL)
    label = wb.sheet_label(sheet)
    where = {"file": wb.file, "sheet": label, "rows": t["row"].to_numpy()}
    years, ok, problems = to_years(t["year"], column="year", **where)
    values = {}
    for column in ("mean", "lower_ci", "upper_ci", "response_rate"):
        if column in t:
            values[column], found = to_numbers(t[column], column=column, **where)
            problems += found
    keep = ok
    text = text_column(t["question_text"])
    # A few rows name no indicator: their question's opening words stand in as its name.
    indicator = text_column(t["indicator"]).fillna(text.str.slice(0, 80))
    group = text_column(t["respondent_group"]) if "respondent_group" in t else pd.Series("All", index=t.index)
    group = group.fillna("All")
    economy = text_column(t["economy"])
    code_in_file = text_column(t["country_code"]) if "country_code" in t else pd.Series(None, index=t.index)
    frame = pd.DataFrame({
        "country_name": economy, "country_code": code_in_file, "year": years, "indicator": indicator,
        "question_text": text, "group_name": group, "value": values["mean"], "lower": values["lower_ci"],
        "upper": values["upper_ci"], "row": t["row"], "scale": t["scale"].astype(str),
        "theme": text_column(t["topic_group"]) if "topic_group" in t else None,
        "response_rate": values.get("response_rate", np.full(len(t), np.nan)),
    })[keep & indicator.notna().to_numpy()]
    # The same result twice (same survey, group, indicator and question text) is a fault of the file.
    again = frame.duplicated(["country_name", "year", "group_name", "indicator", "question_text"], keep="first")
    for _, row in frame[again].head(20).iterrows():
        problems.append(coded("sv_result_twice", {}, file=wb.file, sheet=label, row=int(row["row"]),
                              column="indicator", value=row["indicator"]))
    frame = frame[~again]
    # The same indicator name can stand for several questions of one survey: number them in file order.
    frame["question_code"] = frame["indicator"].map(slug)
    nth = frame.groupby(["country_name", "year", "group_name", "question_code"], dropna=False).cumcount()
    frame["question_code"] += np.where(nth > 0, "~" + (nth + 1).astype(str), "")
    percent = frame["question_text"].fillna("").str.contains("%")
    outside = (frame["value"] < 0) | (frame["value"] > 1)
    frame["measure"] = np.where(percent | ~outside, "share", "mean")
    scales = frame["scale"].map(_scale)
    frame["scale_min"] = [s[0] for s in scales]
    frame["scale_max"] = [s[1] for s in scales]
    first = frame.drop_duplicates("question_code")
    questions = _questions(pd.DataFrame({
        "question_code": first["question_code"], "label_en": first["indicator"],
        "text_en": first["question_text"], "theme": first["theme"],
        "scale_min": first["scale_min"], "scale_max": first["scale_max"],
    }))
    surveys = frame.groupby(["country_name", "year"], sort=False, dropna=False).agg(
        country_code=("country_code", "first"), response_rate=("response_rate", "first"), row=("row", "first"),
    ).reset_index()
    surveys["name"] = "Global Survey of Public Servants"
    surveys["sheet"] = label
    aggregates = _aggregates(frame.assign(
        dimension=np.where(frame["group_name"] == "All", "all", "respondent_group"), n=np.nan, sheet=label,
        column="mean",
    ))
    source = survey_source("gsps", str(int(frame["year"].max())) if len(frame) else "unknown")
    return ParsedSurvey(format="gsps", source=source, bank="gsps", level="aggregate",
                        surveys=_surveys(surveys), questions=questions, aggregates=aggregates, problems=problems)


def _surveys(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in SURVEY_COLUMNS:
        if column not in out:
            out[column] = None
    return out[SURVEY_COLUMNS].reset_index(drop=True)


# ---- UK Civil Service People Survey benchmark scores ------------------------------------------------------

UK_SIGNATURE = {"measure", "label", "section"}


def _uk_detect(wb: Workbook) -> bool:
    found = find_table(wb, UK_SIGNATURE)
    if found is None:
        return False
    sheet, header = found
    return any(re.fullmatch(r"(19|20)\d\d", str(c).strip()) for c in wb.sheets[sheet][header])


def _uk_read(wb: Workbook) -> ParsedSurvey:
    sheet, header = find_table(wb, UK_SIGNATURE)
    year_columns = [str(c).strip() for c in wb.sheets[sheet][header] if re.fullmatch(r"(19|20)\d\d", str(c).strip())]
    t = table(wb, sheet, header, ["Measure", "Label", "Section", *year_columns])
    label = wb.sheet_label(sheet)
    where = {"file": wb.file, "sheet": label, "rows": t["row"].to_numpy()}
    code = text_column(t["Measure"])
    name = text_column(t["Label"])
    section = text_column(t["Section"])
    problems: list[Problem] = []
    parts = []
    for year in year_columns:
        values, found = to_numbers(t[year], column=year, **where)
        problems += found
        parts.append(pd.DataFrame({"question_code": code, "value": values, "year": int(year), "row": t["row"],
                                   "column": year}))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["question_code"].notna()]
    is_index = name.fillna("").str.contains("index", case=False)
    questions = _questions(pd.DataFrame({
        "question_code": code, "label_en": name.fillna(code), "text_en": name, "theme": section,
    })[code.notna()].drop_duplicates("question_code"))
    measure = dict(zip(code, np.where(is_index, "index", "share"), strict=True))
    aggregates = _aggregates(frame.assign(
        country_name="United Kingdom", country_code="GBR", dimension="all", group_name="All",
        measure=frame["question_code"].map(measure), sheet=label,
    ))
    surveys = _surveys(pd.DataFrame({
        "country_name": "United Kingdom", "country_code": "GBR", "year": [int(y) for y in year_columns],
        "name": "UK Civil Service People Survey", "sheet": label, "row": header + 1,
    }))
    source = survey_source("uk_csps", year_columns[-1] if year_columns else "unknown")
    return ParsedSurvey(format="uk_csps", source=source, bank="uk_csps", level="aggregate", surveys=surveys,
                        questions=questions, aggregates=aggregates, problems=problems)


# ---- the templates: a Survey sheet of fields, then results or respondents with a codebook ------------------

SURVEY_SHEET = "Survey"
RESULTS_SHEET = "Results"
RESPONSES_SHEET = "Responses"
CODEBOOK_SHEET = "Codebook"
LABELS_SHEET = "Labels"
RESULTS_SIGNATURE = {"country", "year", "question_code", "measure", "value"}
RESULTS_OPTIONAL = ["question_text", "theme", "breakdown", "group", "n", "lower", "upper"]
CODEBOOK_COLUMNS = ["column", "kind", "question_code", "text_en", "text_ru", "theme", "scale_min", "scale_max",
                    "favourable", "neutral", "reverse_coded", "dont_know", "missing", "theme_ru"]
LABEL_COLUMNS = ["question_code", "code", "label_en", "label_ru", "label_kk"]
FIELDS = {  # field on the Survey sheet -> required in which templates
    "dataset": ("aggregate", "respondent"), "survey_name": ("aggregate", "respondent"),
    "publisher": ("aggregate", "respondent"), "licence": ("aggregate", "respondent"),
    "edition": (), "citation": (), "url": (), "question_bank": (), "demo": (),
    "country": ("respondent",), "year": ("respondent",), "fieldwork_start": (), "fieldwork_end": (),
    "population": (), "response_rate": (),
}
TRUE_WORDS = {"yes", "true", "1", "y", "да", "x"}


def _sheet(wb: Workbook, name: str) -> str | None:
    for sheet in wb.sheets:
        if sheet.strip().casefold() == name.casefold():
            return sheet
    return None


def _template_detect(wb: Workbook, data_sheet: str, signature: set[str]) -> bool:
    sheet = _sheet(wb, data_sheet)
    return sheet is not None and _sheet(wb, SURVEY_SHEET) is not None and (
        find_header_row(wb.sheets[sheet], signature, 5) is not None)


def _fields(wb: Workbook, level: str) -> tuple[dict[str, object], dict[str, int], list[Problem]]:
    """The Survey sheet's `field | value` rows; errors for required fields left empty."""
    sheet = _sheet(wb, SURVEY_SHEET)
    values: dict[str, object] = {}
    rows: dict[str, int] = {}
    for i, row in enumerate(wb.sheets[sheet]):
        if len(row) >= 2 and clean(row[0]) in FIELDS:
            value = row[1]
            if not (value is None or (isinstance(value, str) and value.strip().casefold() in MISSING_MARKERS)):
                values[clean(row[0])] = value.strip() if isinstance(value, str) else value
            rows[clean(row[0])] = i + 1
    problems = [
        coded("sv_field_empty", {"name": name, "sheet": SURVEY_SHEET}, file=wb.file, sheet=sheet,
              row=rows.get(name), column="B")
        for name, needed in FIELDS.items() if level in needed and name not in values
    ]
    return values, rows, problems


def _field_number(values: dict, rows: dict, name: str, wb: Workbook, low: float, high: float,
                  problems: list[Problem]) -> float | None:
    if name not in values:
        return None
    raw = values[name]
    number = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else parse_number(str(raw))
    if not isinstance(number, float) or not low <= number <= high:
        problems.append(coded("sv_field_range", {"name": name, "low": f"{low:g}", "high": f"{high:g}"},
                              file=wb.file, sheet=_sheet(wb, SURVEY_SHEET), row=rows[name], column="B", value=raw))
        return None
    return number


def _field_date(values: dict, rows: dict, name: str, wb: Workbook, problems: list[Problem]) -> date | None:
    raw = values.get(name)
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        problems.append(coded("sv_field_date", {"name": name}, file=wb.file, sheet=_sheet(wb, SURVEY_SHEET),
                              row=rows[name], column="B", value=raw))
        return None


def _template_source(values: dict, surveys_years: list[int]) -> SourceMeta:
    edition = str(values.get("edition") or (max(surveys_years) if surveys_years else "unknown"))
    if isinstance(values.get("edition"), float) and float(values["edition"]).is_integer():
        edition = str(int(values["edition"]))
    name = str(values.get("survey_name", "Survey"))
    publisher = str(values.get("publisher", ""))
    return SourceMeta(
        dataset=slug(values.get("dataset", "survey")) or "survey", edition=edition, name=name, publisher=publisher,
        licence=str(values.get("licence", "")),
        citation=str(values.get("citation") or f"{publisher}. {name}, {edition}."), url=str(values.get("url", "")),
        is_demo=clean(values.get("demo", "")) in TRUE_WORDS,
    )


def _aggregate_read(wb: Workbook) -> ParsedSurvey:
    values, _, problems = _fields(wb, "aggregate")
    sheet = _sheet(wb, RESULTS_SHEET)
    header = find_header_row(wb.sheets[sheet], RESULTS_SIGNATURE, 5)
    t = table(wb, sheet, header, ["country", "year", "question_code", "measure", "value"], RESULTS_OPTIONAL)
    where = {"file": wb.file, "sheet": sheet, "rows": t["row"].to_numpy()}
    years, ok, found = to_years(t["year"], column="year", **where)
    problems += found
    numbers = {}
    for column in ("value", "n", "lower", "upper"):
        numbers[column] = np.full(len(t), np.nan)
        if column in t:
            numbers[column], found = to_numbers(t[column], column=column, **where)
            problems += found
    measure = text_column(t["measure"]).str.casefold()
    code = text_column(t["question_code"])
    for i in np.flatnonzero(~measure.isin(MEASURES).to_numpy()):
        problems.append(coded("sv_measure", {"measures": ", ".join(MEASURES)}, file=wb.file, sheet=sheet,
                              row=int(t["row"].iloc[i]), column="measure", value=t["measure"].iloc[i]))
    for i in np.flatnonzero(code.isna().to_numpy()):
        problems.append(coded("sv_code_empty", {}, file=wb.file, sheet=sheet, row=int(t["row"].iloc[i]),
                              column="question_code"))
    bad_n = np.isfinite(numbers["n"]) & ((numbers["n"] < 0) | (numbers["n"] % 1 != 0))
    for i in np.flatnonzero(bad_n)[:MAX_LISTED]:
        problems.append(coded("sv_bad_n", {}, file=wb.file, sheet=sheet, row=int(t["row"].iloc[i]), column="n",
                              value=numbers["n"][i]))
    share = (measure == "share").to_numpy()
    outside = share & np.isfinite(numbers["value"]) & ((numbers["value"] < 0) | (numbers["value"] > 1))
    for i in np.flatnonzero(outside)[:MAX_LISTED]:
        problems.append(coded("sv_share", {}, file=wb.file, sheet=sheet, row=int(t["row"].iloc[i]), column="value",
                              value=numbers["value"][i]))
    group = text_column(t["group"]) if "group" in t else pd.Series(None, index=t.index, dtype=object)
    breakdown = text_column(t["breakdown"]) if "breakdown" in t else pd.Series(None, index=t.index, dtype=object)
    national = group.isna() | group.fillna("").str.casefold().eq("all")
    frame = pd.DataFrame({
        "country_name": text_column(t["country"]), "country_code": None, "year": years,
        "question_code": code, "question_text": text_column(t["question_text"]) if "question_text" in t else None,
        "dimension": np.where(national, "all", breakdown.fillna("group").map(slug)),
        "group_name": np.where(national, "All", group.fillna("All")), "measure": measure,
        "n": numbers["n"], "value": numbers["value"], "lower": numbers["lower"], "upper": numbers["upper"],
        "sheet": sheet, "row": t["row"], "column": "value",
        "theme": text_column(t["theme"]) if "theme" in t else None,
    })[ok]
    surveys = frame.groupby(["country_name", "year"], sort=False).agg(row=("row", "first")).reset_index()
    surveys["name"] = str(values.get("survey_name", "Survey"))
    surveys["sheet"] = sheet
    first = frame.dropna(subset=["question_code"]).drop_duplicates("question_code")
    questions = _questions(pd.DataFrame({
        "question_code": first["question_code"], "label_en": first["question_text"].fillna(first["question_code"]),
        "text_en": first["question_text"], "theme": first["theme"],
    }))
    source = _template_source(values, surveys["year"].tolist())
    return ParsedSurvey(format="survey_aggregate", source=source, bank=slug(values.get("question_bank") or "hub"),
                        level="aggregate", surveys=_surveys(surveys), questions=questions,
                        aggregates=_aggregates(frame), problems=problems)


def _codes(text: object) -> list[int]:
    """'4, 5' or 4 or '4;5' -> [4, 5]; raises ValueError on anything else."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or str(text).strip() == "":
        return []
    if isinstance(text, int | float) and not isinstance(text, bool):
        if float(text).is_integer():
            return [int(text)]
        raise ValueError(text)
    return [int(part) for part in re.split(r"[,;\s]+", str(text).strip()) if part]


def _respondent_read(wb: Workbook) -> ParsedSurvey:
    values, rows, problems = _fields(wb, "respondent")
    survey_sheet = _sheet(wb, SURVEY_SHEET)
    file = wb.file
    year = _field_number(values, rows, "year", wb, 1900, 2100, problems)
    population = _field_number(values, rows, "population", wb, 1, 1e9, problems)
    rate = _field_number(values, rows, "response_rate", wb, 0, 1, problems)
    start = _field_date(values, rows, "fieldwork_start", wb, problems)
    end = _field_date(values, rows, "fieldwork_end", wb, problems)
    if year is not None and not float(year).is_integer():
        problems.append(coded("sv_year_whole", {}, file=file, sheet=survey_sheet, row=rows["year"], column="B",
                              value=values["year"]))

    # Codebook: which columns are questions (with their scale) and which are breakdowns.
    cb_sheet = _sheet(wb, CODEBOOK_SHEET)
    if cb_sheet is None:
        raise missing_sheet(wb, f"'{CODEBOOK_SHEET}' sheet", "add the Codebook sheet from the respondent template")
    cb_header = find_header_row(wb.sheets[cb_sheet], {"column", "kind"}, 5)
    if cb_header is None:
        raise missing_sheet(wb, f"header 'column | kind | question_code ...' on the '{CODEBOOK_SHEET}' sheet")
    cb = table(wb, cb_sheet, cb_header, ["column", "kind"], CODEBOOK_COLUMNS[2:])
    resp_sheet = _sheet(wb, RESPONSES_SHEET)
    resp_rows = wb.sheets[resp_sheet]
    header = [str(c).strip() for c in resp_rows[0]] if resp_rows else []
    header_keys = {clean(h): h for h in header if h}
    if "respondent_id" not in header_keys:
        raise ValidationError("Missing columns", [coded("sv_no_id_column", {}, file=file, sheet=resp_sheet, row=1)])
    questions, groups, labels = [], [], _labels(wb, problems)
    seen_columns: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for r in cb.itertuples(index=False):
        row = int(r.row)
        column = str(r.column).strip() if r.column is not None else ""
        kind = clean(r.kind)
        loc = {"file": file, "sheet": cb_sheet, "row": row}
        if not column:
            problems.append(coded("sv_column_empty", {}, column="column", **loc))
            continue
        if clean(column) in seen_columns:
            problems.append(coded("sv_column_twice", {"first": seen_columns[clean(column)], "row": row},
                                  column="column", value=column, **loc))
            continue
        seen_columns[clean(column)] = row
        if clean(column) not in header_keys:
            problems.append(coded("sv_column_missing", {"sheet": RESPONSES_SHEET}, column="column", value=column,
                                  **loc))
            continue
        if kind == "group":
            groups.append((header_keys[clean(column)], slug(getattr(r, "question_code", None) or column)))
            continue
        if kind != "question":
            problems.append(coded("sv_kind", {}, column="kind", value=r.kind, **loc))
            continue
        q = _codebook_question(r, column, header_keys[clean(column)], loc, problems)
        if q is None:
            continue
        if q["question_code"] in seen_codes:
            problems.append(coded("sv_code_twice", {"first": seen_codes[q["question_code"]], "row": row},
                                  column="question_code", value=q["question_code"], **loc))
            continue
        seen_codes[q["question_code"]] = row
        questions.append(q)
    described = set(seen_columns) | {"respondent_id", "weight"}
    for h in header:
        if h and clean(h) not in described:
            problems.append(coded("sv_column_undescribed", {"column": h, "sheet": CODEBOOK_SHEET}, file=file,
                                  sheet=resp_sheet, row=1, column=h))
    if any(p.severity == "error" for p in problems):
        raise ValidationError(f"{file}: the survey description has {len(problems)} problem(s); nothing was loaded",
                              problems)

    names = [header_keys["respondent_id"]] + ([header_keys["weight"]] if "weight" in header_keys else [])
    names += [g[0] for g in groups] + [q["column"] for q in questions]
    t = table(wb, resp_sheet, 0, [header_keys["respondent_id"]], names[1:])
    where = {"file": file, "sheet": resp_sheet, "rows": t["row"].to_numpy()}
    ids = text_column(t[header_keys["respondent_id"]])
    respondents = pd.DataFrame({"respondent_id": ids, "row": t["row"]})
    problems += _check_ids(ids, t["row"], file, resp_sheet, header_keys["respondent_id"])
    if "weight" in header_keys:
        weight, found = to_numbers(t[header_keys["weight"]], column=header_keys["weight"], **where)
        problems += found
        bad = ~np.isfinite(weight) | (weight <= 0)
        problems += _listed(np.flatnonzero(bad & ~_flagged(found, t["row"])), t, header_keys["weight"],
                            "sv_bad_weight", file, resp_sheet)
    else:
        weight = np.ones(len(t))
        problems.append(coded("sv_no_weight", {}, file=file, sheet=resp_sheet, row=1, severity="warning"))
    respondents["weight"] = weight
    for column, dimension in groups:
        respondents[dimension] = text_column(t[column]).fillna(NOT_STATED).astype(str)
    answers = {}
    for q in questions:
        answers[q["question_code"]], found = _answers(t[q["column"]], q, labels, t["row"], file, resp_sheet)
        problems += found
    question_frame = _questions(pd.DataFrame(questions).drop(columns=["column", "dont_know", "missing"])
                                if questions else pd.DataFrame(columns=QUESTION_COLUMNS))
    country = values.get("country")
    surveys = _surveys(pd.DataFrame([{
        "country_name": str(country) if country is not None else None, "country_code": None,
        "year": int(year) if year is not None else None, "name": str(values.get("survey_name", "Survey")),
        "fieldwork_start": start, "fieldwork_end": end, "population": population, "response_rate": rate,
        "sheet": survey_sheet, "row": rows.get("country"),
    }]))
    source = _template_source(values, [int(year)] if year is not None else [])
    return ParsedSurvey(format="survey_respondent", source=source, bank=slug(values.get("question_bank") or "hub"),
                        level="respondent", surveys=surveys, questions=question_frame, respondents=respondents,
                        answers=pd.DataFrame(answers, index=respondents.index),
                        dimensions=[g[1] for g in groups], problems=problems)


def _flagged(found: list[Problem], rows: pd.Series) -> np.ndarray:
    """Which rows already have a problem reported (so the same cell is not reported twice)."""
    flagged = {p.row for p in found}
    return rows.isin(flagged).to_numpy()


def _listed(index: np.ndarray, t: pd.DataFrame, column: str, code: str, file: str, sheet: str) -> list[Problem]:
    out = [coded(code, {}, file=file, sheet=sheet, row=int(t["row"].iloc[i]), column=column,
                 value=t[column].iloc[i] if t[column].iloc[i] != "" else None) for i in index[:MAX_LISTED]]
    if len(index) > MAX_LISTED:
        out.append(coded("sv_more_rows", {"n": len(index) - MAX_LISTED}, file=file, sheet=sheet, column=column))
    return out


def _check_ids(ids: pd.Series, rows: pd.Series, file: str, sheet: str, column: str) -> list[Problem]:
    out = [coded("sv_id_empty", {}, file=file, sheet=sheet, row=int(r), column=column)
           for r in rows[ids.isna()][:MAX_LISTED]]
    dup = ids.notna() & ids.duplicated(keep=False)
    for value, g in rows[dup].groupby(ids[dup], sort=False):
        if len(out) >= MAX_LISTED:
            out.append(coded("sv_more_ids", {}, file=file, sheet=sheet, column=column))
            break
        out.append(coded("sv_id_twice", {"n": len(g), "rows": ", ".join(map(str, g))}, file=file, sheet=sheet,
                         row=int(g.iloc[1]), column=column, value=value))
    return out


def _codebook_question(r, column: str, header: str, loc: dict, problems: list[Problem]) -> dict | None:
    code = str(r.question_code).strip() if getattr(r, "question_code", None) not in (None, "") else ""
    if not code:
        problems.append(coded("sv_no_code", {}, column="question_code", **loc))
        return None
    lo, hi = (parse_number(str(getattr(r, c, "") or "")) for c in ("scale_min", "scale_max"))
    if not (isinstance(lo, float) and isinstance(hi, float) and lo.is_integer() and hi.is_integer() and lo < hi):
        problems.append(coded("sv_scale", {}, column="scale_min",
                              value=f"{getattr(r, 'scale_min', '')} .. {getattr(r, 'scale_max', '')}", **loc))
        return None
    lo, hi = int(lo), int(hi)
    lists = {}
    for name in ("favourable", "neutral", "dont_know", "missing"):
        try:
            lists[name] = _codes(getattr(r, name, None))
        except ValueError:
            problems.append(coded("sv_codes", {"name": name}, column=name, value=getattr(r, name, None), **loc))
            return None
    reverse = clean(getattr(r, "reverse_coded", "")) in TRUE_WORDS
    if not lists["favourable"]:  # the codes above the midpoint, on the scale as the question means it
        mid = (lo + hi) / 2
        lists["favourable"] = [c for c in range(lo, hi + 1) if (c < mid if reverse else c > mid)]
        if not lists["neutral"] and mid.is_integer():
            lists["neutral"] = [int(mid)]
    for name in ("favourable", "neutral"):
        outside = [c for c in lists[name] if not lo <= c <= hi]
        if outside:
            problems.append(coded("sv_codes_outside", {"name": name, "low": lo, "high": hi}, column=name,
                                  value=", ".join(map(str, outside)), **loc))
            return None
    special = [c for c in lists["dont_know"] + lists["missing"] if lo <= c <= hi]
    if special:
        problems.append(coded("sv_special_inside", {"low": lo, "high": hi}, column="dont_know",
                              value=", ".join(map(str, special)), **loc))
        return None
    return {"column": header, "question_code": code, "label_en": str(r.text_en or code) if hasattr(r, "text_en")
            else code, "label_ru": getattr(r, "text_ru", None), "text_en": getattr(r, "text_en", None),
            "text_ru": getattr(r, "text_ru", None), "theme": getattr(r, "theme", None),
            "theme_ru": getattr(r, "theme_ru", None), "scale_min": lo,
            "scale_max": hi, "favourable": lists["favourable"], "neutral": lists["neutral"],
            "reverse_coded": reverse, "dont_know": lists["dont_know"], "missing": lists["missing"]}


def _labels(wb: Workbook, problems: list[Problem]) -> dict[str, dict[str, int]]:
    """Answer labels (English, Russian or Kazakh) -> code, per question code; '*' applies to every question."""
    sheet = _sheet(wb, LABELS_SHEET)
    out: dict[str, dict[str, int]] = {}
    if sheet is None:
        return out
    header = find_header_row(wb.sheets[sheet], {"question_code", "code"}, 5)
    if header is None:
        return out
    t = table(wb, sheet, header, ["question_code", "code"], ["label_en", "label_ru", "label_kk"])
    for r in t.itertuples(index=False):
        try:
            (code,) = _codes(r.code)
        except ValueError:
            problems.append(coded("sv_label_code", {}, file=wb.file, sheet=sheet, row=int(r.row), column="code",
                                  value=r.code))
            continue
        mapping = out.setdefault(str(r.question_code or "*").strip(), {})
        for label in (getattr(r, "label_en", None), getattr(r, "label_ru", None), getattr(r, "label_kk", None)):
            if label not in (None, ""):
                mapping[norm_label(label)] = code
    return out


def _answers(cells: pd.Series, q: dict, labels: dict, rows: pd.Series, file: str,
             sheet: str) -> tuple[pd.Series, list[Problem]]:
    """A question's cells as valid codes (NA for empty, "don't know" and missing codes); errors located."""
    lo, hi = q["scale_min"], q["scale_max"]
    special = set(q["dont_know"]) | set(q["missing"])
    mapping = {**labels.get("*", {}), **labels.get(q["question_code"], {}), **labels.get(q["column"], {})}
    values = cells.to_numpy(dtype=object)
    inverse, uniques = pd.factorize(np.array([_key(v) for v in values], dtype=object), use_na_sentinel=False)
    decoded = np.empty(len(uniques), dtype=float)
    wrong = np.zeros(len(uniques), dtype=bool)
    for i, u in enumerate(uniques):
        if u is None or (isinstance(u, float) and np.isnan(u)):  # an empty cell (pandas 3 factorizes None to NaN)
            decoded[i] = np.nan
            continue
        code = u if isinstance(u, float) else mapping.get(norm_label(u))
        if code is None and isinstance(u, str):
            number = parse_number(u)
            code = number if isinstance(number, float) else None
        if code is not None and float(code) in special:
            decoded[i] = np.nan
        elif code is not None and float(code).is_integer() and lo <= code <= hi:
            decoded[i] = code
        else:
            decoded[i], wrong[i] = np.nan, True
    bad = np.flatnonzero(wrong[inverse])
    params = {"code": q["question_code"], "low": lo, "high": hi,
              "special": ", ".join(map(str, sorted(special))) or "-"}
    problems = [coded("sv_ambiguous" if is_ambiguous(values[i]) else "sv_off_scale",
                      {**params, "value": str(values[i]).strip()}, file=file, sheet=sheet, row=int(rows.iloc[i]),
                      column=q["column"], value=values[i]) for i in bad[:MAX_LISTED]]
    if len(bad) > MAX_LISTED:
        problems.append(coded("sv_more_off_scale", {**params, "n": len(bad) - MAX_LISTED}, file=file, sheet=sheet,
                              column=q["column"]))
    return pd.Series(decoded[inverse], index=cells.index).astype("Int16"), problems


def _key(value: object) -> float | str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    return None if text.casefold() in MISSING_MARKERS else text


# ---- detection ---------------------------------------------------------------------------------------------

READERS = {
    "gsps": (_gsps_detect, _gsps_read, "Global Survey of Public Servants national indicators (CSV)"),
    "uk_csps": (_uk_detect, _uk_read, "UK Civil Service People Survey benchmark scores (CSV)"),
    "survey_respondent": (
        lambda wb: _template_detect(wb, RESPONSES_SHEET, {"respondent_id"}), _respondent_read,
        "respondent-level survey template (Survey, Responses, Codebook, Labels sheets)"),
    "survey_aggregate": (
        lambda wb: _template_detect(wb, RESULTS_SHEET, RESULTS_SIGNATURE), _aggregate_read,
        "aggregate survey results template (Survey and Results sheets)"),
}


def detect(wb: Workbook) -> str | None:
    """The survey layout `wb` is in, or None when it is not a survey file."""
    for name, (is_it, _, _) in READERS.items():
        if is_it(wb):
            return name
    return None


def parse_survey(path: Path, format: str | None = None, *, max_bytes: int | None = None,
                 wb: Workbook | None = None) -> ParsedSurvey:
    """Read a survey file (layout detected unless given); structural faults raise ValidationError."""
    wb = wb or read_sheets(Path(path), max_bytes=max_bytes)
    name = format or detect(wb)
    if name not in READERS:
        raise ValidationError("Unknown survey layout", [coded(
            "sv_unknown_layout", {"layouts": "; ".join(r[2] for r in READERS.values())}, file=wb.file)])
    parsed = READERS[name][1](wb)
    parsed.problems = wb.warnings + parsed.problems
    return parsed
