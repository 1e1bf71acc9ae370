"""Reader for Transparency International's CPI results workbook (the 2012-onwards timeseries sheet)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from core.errors import Problem
from etl import catalogue
from etl.model import Parsed
from etl.read.sheets import (
    Workbook,
    clean,
    find_header_row,
    missing_columns,
    missing_sheet,
    observations,
    table,
    text_column,
    to_numbers,
)

NAME = "cpi"
DESCRIPTION = "Corruption Perceptions Index results workbook (Transparency International)"
SHEET_PREFIX = "cpi timeseries"  # the sheet read, matched after strip, case-insensitively
SIGNATURE = {"country / territory", "iso3"}
KEY_COLUMNS = [
    "Country / Territory",
    "ISO3",
    "CPI score <year>",
    "Rank <year>",
    "Sources <year>",
    "Standard error <year>",
]
# header (matched case-insensitively) -> part of an observation
_YEAR_COLUMN = re.compile(r"^(cpi score|rank|sources|standard error)\s+((?:19|20)\d\d)$", re.IGNORECASE)


def _timeseries_sheet(wb: Workbook) -> str | None:
    for name in wb.sheets:
        if clean(name).startswith(SHEET_PREFIX):
            return name
    return None


def detect(wb: Workbook) -> bool:
    if wb.is_csv:
        return False
    if _timeseries_sheet(wb) is not None:
        return True
    # a CPI workbook whose timeseries sheet was renamed or removed: recognised, then refused in read()
    for rows in wb.sheets.values():
        header_row = find_header_row(rows, SIGNATURE)
        if header_row is not None and any(_YEAR_COLUMN.match(clean(c)) for c in rows[header_row]):
            return True
    return False


def _year_columns(header: list) -> dict[int, dict[str, str]]:
    """year -> {"cpi score": header text, "rank": ..., "sources": ..., "standard error": ...} as found."""
    years: dict[int, dict[str, str]] = {}
    for cell in header:
        if m := _YEAR_COLUMN.match(str(cell).strip()):
            years.setdefault(int(m.group(2)), {})[m.group(1).casefold()] = str(cell).strip()
    return years


def _confidence_interval(wb: Workbook, year: int, problems: list[Problem]) -> dict[str, tuple[float, float]]:
    """ISO3 -> (lower CI, upper CI) from the global-scores sheet of `year` ("CPI 2023"), if there is one."""
    sheet = next((name for name in wb.sheets if clean(name) == f"cpi {year}"), None)
    if sheet is None:
        return {}
    header_row = find_header_row(wb.sheets[sheet], {"iso3", "lower ci", "upper ci"})
    if header_row is None:
        return {}
    t = table(wb, sheet, header_row, ["ISO3", "Lower CI", "Upper CI"])
    where = {"file": wb.file, "sheet": sheet, "rows": t["row"].to_numpy()}
    lower, found_lower = to_numbers(t["Lower CI"], column="Lower CI", **where)
    upper, found_upper = to_numbers(t["Upper CI"], column="Upper CI", **where)
    problems += found_lower + found_upper
    codes = text_column(t["ISO3"])
    return {code: (lo, up) for code, lo, up in zip(codes, lower, upper, strict=True) if isinstance(code, str)}


def read(wb: Workbook, known: dict | None = None) -> Parsed:
    sheet = _timeseries_sheet(wb)
    if sheet is None:
        raise missing_sheet(wb, "sheet named 'CPI Timeseries ...'")
    rows = wb.sheets[sheet]
    header_row = find_header_row(rows, SIGNATURE)
    if header_row is None:
        raise missing_sheet(wb, f"header row with 'Country / Territory' and 'ISO3' in sheet '{sheet}'")
    years = _year_columns(rows[header_row])
    if not any("cpi score" in parts for parts in years.values()):
        raise missing_columns(wb, sheet, header_row, ["CPI score <year>"])
    columns = [c for parts in years.values() for c in parts.values()]
    t = table(wb, sheet, header_row, ["Country / Territory", "ISO3", *columns])
    where = {"file": wb.file, "sheet": sheet, "rows": t["row"].to_numpy()}
    problems: list[Problem] = []

    def numbers(column: str | None) -> np.ndarray:
        if column is None:
            return np.full(len(t), np.nan)
        values, found = to_numbers(t[column], column=column, **where)
        problems.extend(found)
        return values

    latest = max(year for year, parts in years.items() if "cpi score" in parts)
    ci = _confidence_interval(wb, latest, problems)
    codes = text_column(t["ISO3"]).to_numpy(dtype=object)
    base = {
        "country_name": t["Country / Territory"].to_numpy(),
        "country_code": codes,
        "sheet": sheet,
        "row": t["row"].to_numpy(),
    }
    parts = []
    for year, found in sorted(years.items(), reverse=True):
        if "cpi score" in found:
            lower = upper = None
            if year == latest and ci:
                lower = np.array([ci.get(c, (np.nan, np.nan))[0] for c in codes])
                upper = np.array([ci.get(c, (np.nan, np.nan))[1] for c in codes])
            parts.append(
                observations(
                    indicator_code="cpi.score",
                    year=np.full(len(t), year),
                    value=numbers(found["cpi score"]),
                    std_error=numbers(found.get("standard error")),
                    lower=lower,
                    upper=upper,
                    n_sources=numbers(found.get("sources")),
                    column=found["cpi score"],
                    **base,
                )
            )
        if "rank" in found:
            parts.append(
                observations(
                    indicator_code="cpi.rank",
                    year=np.full(len(t), year),
                    value=numbers(found["rank"]),
                    column=found["rank"],
                    **base,
                )
            )
    source = catalogue.source_meta("cpi", f"CPI {latest}")
    return Parsed(
        format=NAME, source=source, observations=pd.concat(parts, ignore_index=True), problems=problems
    )
