"""Reader for the UN E-Government Survey export (EGDI and its components, one row per country)."""

from __future__ import annotations

import pandas as pd

from etl import catalogue
from etl.model import Parsed
from etl.read.sheets import Workbook, find_table, missing_sheet, observations, table, to_numbers, to_years

NAME = "egdi"
DESCRIPTION = "UN E-Government Survey export (UN DESA)"
SIGNATURE = {"survey year", "country name", "e-government index"}
# column header -> indicator code
INDICATORS = {
    "E-Government Index": "egdi.egdi",
    "E-Government Rank": "egdi.rank",
    "E-Participation Index": "egdi.epi",
    "Online Service Index": "egdi.osi",
    "Human Capital Index": "egdi.hci",
    "Telecommunication Infrastructure Index": "egdi.tii",
}
REQUIRED = ["Survey Year", "Country Name", *INDICATORS]
KEY_COLUMNS = REQUIRED


def detect(wb: Workbook) -> bool:
    return find_table(wb, SIGNATURE) is not None


def read(wb: Workbook, known: dict | None = None) -> Parsed:
    found = find_table(wb, SIGNATURE)
    if found is None:
        raise missing_sheet(wb, f"table with the columns {', '.join(REQUIRED)}")
    sheet, header_row = found
    t = table(wb, sheet, header_row, REQUIRED)
    label = wb.sheet_label(sheet)
    rows = t["row"].to_numpy()
    where = {"file": wb.file, "sheet": label, "rows": rows}
    years, keep, problems = to_years(t["Survey Year"], column="Survey Year", **where)
    if not keep.any():
        raise missing_sheet(wb, "E-Government Survey data row with a survey year")
    parts = []
    for column, code in INDICATORS.items():
        values, found_problems = to_numbers(t[column], column=column, **where)
        problems += found_problems
        parts.append(
            observations(
                indicator_code=code,
                country_name=t["Country Name"].to_numpy()[keep],  # raw, trailing spaces kept
                country_code=None,
                year=years[keep],
                value=values[keep],
                sheet=label,
                row=rows[keep],
                column=column,
            )
        )
    source = catalogue.source_meta("egdi", str(int(years[keep].max())))
    return Parsed(
        format=NAME, source=source, observations=pd.concat(parts, ignore_index=True), problems=problems
    )
