"""Reader for the Worldwide Governance Indicators full-dataset workbook (a row per country-year-indicator)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from core.errors import Problem
from etl import catalogue
from etl.model import Parsed
from etl.read.sheets import (
    Workbook,
    find_table,
    missing_sheet,
    observations,
    table,
    text_column,
    to_numbers,
    to_years,
)

NAME = "wgi"
DESCRIPTION = "Worldwide Governance Indicators, full dataset workbook (World Bank)"
SIGNATURE = {"code", "countryname", "year", "indicator"}  # enough to recognise the layout
VALUE_COLUMNS = ["estimate", "stddev", "nsource", "pctrank", "pctranklower", "pctrankupper"]
REQUIRED = ["code", "countryname", "year", "indicator", *VALUE_COLUMNS]
KEY_COLUMNS = REQUIRED
INDICATORS = ("va", "pv", "ge", "rq", "rl", "cc")
_UPDATE = re.compile(r"\b((?:19|20)\d\d)\s+update\b", re.IGNORECASE)


def detect(wb: Workbook) -> bool:
    return find_table(wb, SIGNATURE) is not None


def edition(wb: Workbook, sheet: str, header_row: int, years: np.ndarray) -> str:
    """ "<Y> update" as a sheet name or a title above the header says, else the latest data year + 1."""
    texts = [*wb.sheets, *(str(c) for row in wb.sheets[sheet][:header_row] for c in row)]
    for text in texts:
        if m := _UPDATE.search(text):
            return f"{m.group(1)} update"
    return f"{int(years.max()) + 1} update"


def read(wb: Workbook, known: dict | None = None) -> Parsed:
    found = find_table(wb, SIGNATURE)
    if found is None:
        raise missing_sheet(wb, f"sheet with the WGI columns {', '.join(REQUIRED)}")
    sheet, header_row = found
    t = table(wb, sheet, header_row, REQUIRED)
    label = wb.sheet_label(sheet)
    rows = t["row"].to_numpy()
    where = {"file": wb.file, "sheet": label, "rows": rows}
    years, keep, problems = to_years(t["year"], column="year", **where)
    numbers = {}
    for column in VALUE_COLUMNS:
        numbers[column], found_problems = to_numbers(t[column], column=column, **where)
        problems += found_problems

    indicator = text_column(t["indicator"]).str.lower()
    known = indicator.isin(INDICATORS).to_numpy()
    for value, group in pd.Series(rows[~known]).groupby(indicator[~known].fillna("").to_numpy()):
        listed = ", ".join(str(r) for r in group.iloc[:10]) + (" ..." if len(group) > 10 else "")
        problems.append(
            Problem(
                f"unknown WGI indicator {value!r} in {len(group)} row(s): {listed}",
                file=wb.file,
                sheet=label,
                row=int(group.iloc[0]),
                column="indicator",
                value=value,
                hint=f"the indicator must be one of {', '.join(INDICATORS)}",
            )
        )
    keep &= known
    if not keep.any():
        raise missing_sheet(wb, "WGI data row with a year and a known indicator")

    ind = indicator.to_numpy(dtype=object)[keep]
    base = {
        "country_name": t["countryname"].to_numpy()[keep],
        "country_code": text_column(t["code"]).to_numpy(dtype=object)[keep],
        "year": years[keep],
        "sheet": label,
        "row": rows[keep],
    }
    estimate = observations(
        indicator_code="wgi." + ind,
        value=numbers["estimate"][keep],
        std_error=numbers["stddev"][keep],
        n_sources=numbers["nsource"][keep],
        column="estimate",
        **base,
    )
    pctrank = observations(
        indicator_code="wgi." + ind + ".pctrank",
        value=numbers["pctrank"][keep],
        lower=numbers["pctranklower"][keep],
        upper=numbers["pctrankupper"][keep],
        n_sources=numbers["nsource"][keep],
        column="pctrank",
        **base,
    )
    source = catalogue.source_meta("wgi", edition(wb, sheet, header_row, years[keep]))
    return Parsed(
        format=NAME,
        source=source,
        observations=pd.concat([estimate, pctrank], ignore_index=True),
        problems=problems,
    )
