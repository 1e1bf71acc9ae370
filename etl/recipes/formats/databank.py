"""Reader for World Bank DataBank exports (CSV or Excel: a row per country and series, a column per year)."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from core.errors import Problem, ValidationError
from etl import catalogue
from etl.model import IndicatorMeta, Parsed
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

NAME = "databank"
DESCRIPTION = "World Bank DataBank export (CSV or Excel)"
KEY_COLUMNS = ["Country Name", "Country Code", "Series Name", "Series Code", "<year> [YR<year>] or <year>"]
SERIES_NAME = ("Series Name", "Indicator Name")  # either spelling, DataBank and the WDI bulk files
SERIES_CODE = ("Series Code", "Indicator Code")
_YEAR = re.compile(r"^((?:19|20)\d\d)(?:\s*\[YR\d{4}\])?$", re.IGNORECASE)
_WGI_SERIES = re.compile(
    r"^(VA|PV|GE|RQ|RL|CC)\.(EST|STD\.ERR|NO\.SRC|PER\.RNK|PER\.RNK\.LOWER|PER\.RNK\.UPPER)$", re.IGNORECASE
)
_LAST_UPDATED = re.compile(r"^last updated:\s*(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
_FOOTER = re.compile(r"^(data from database:|last updated:)", re.IGNORECASE)
# WGI series part -> (observation suffix, observation column it fills)
WGI_PARTS = {
    "EST": ("", "value"),
    "STD.ERR": ("", "std_error"),
    "NO.SRC": ("", "n_sources"),
    "PER.RNK": (".pctrank", "value"),
    "PER.RNK.LOWER": (".pctrank", "lower"),
    "PER.RNK.UPPER": (".pctrank", "upper"),
}


def _find(wb: Workbook) -> tuple[str, int] | None:
    for name, rows in wb.sheets.items():
        header_row = find_header_row(rows, {"country name", "country code"})
        if header_row is not None and {clean(c) for c in rows[header_row]} & {clean(c) for c in SERIES_CODE}:
            return name, header_row
    return None


def detect(wb: Workbook) -> bool:
    return _find(wb) is not None


def _pick(header: set[str], names: tuple[str, ...]) -> str | None:
    return next((n for n in names if clean(n) in header), None)


def read(wb: Workbook, known: dict | None = None) -> Parsed:
    found = _find(wb)
    if found is None:
        raise missing_sheet(wb, "table with the columns Country Name, Country Code, Series Code")
    sheet, header_row = found
    rows = wb.sheets[sheet]
    header = {clean(c) for c in rows[header_row]}
    name_col, code_col = _pick(header, SERIES_NAME), _pick(header, SERIES_CODE)
    years = {str(c).strip(): int(m.group(1)) for c in rows[header_row] if (m := _YEAR.match(str(c).strip()))}
    if name_col is None or not years:
        missing = ([] if name_col else ["Series Name"]) + ([] if years else ["<year> [YR<year>]"])
        raise missing_columns(wb, sheet, header_row, missing)
    label = wb.sheet_label(sheet)
    t = table(wb, sheet, header_row, ["Country Name", "Country Code", name_col, code_col, *years])
    series = text_column(t[code_col])
    problems: list[Problem] = []

    # footer lines ("Data from database: ...", "Last Updated: 10/31/2024") and stray lines have no series code
    updated: date | None = None
    for i in np.flatnonzero(series.isna().to_numpy()):
        text = str(t["Country Name"].iloc[i]).strip()
        if m := _LAST_UPDATED.match(text):
            updated = date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        elif not _FOOTER.match(text):
            problems.append(
                Problem(
                    "row ignored: it has no series code",
                    file=wb.file,
                    sheet=label,
                    row=int(t["row"].iloc[i]),
                    column=code_col,
                    value=text,
                    severity="warning",
                )
            )
    t = t[series.notna().to_numpy()].reset_index(drop=True)
    series = text_column(t[code_col]).to_numpy(dtype=object)
    t["country_code"] = text_column(t["Country Code"])
    duplicated = t.duplicated(["Country Name", "country_code", code_col]).to_numpy()
    for i in np.flatnonzero(duplicated):
        problems.append(
            Problem(
                "the same country and series appear in an earlier row too; this row was not read",
                file=wb.file,
                sheet=label,
                row=int(t["row"].iloc[i]),
                column=code_col,
                value=series[i],
                hint="remove the repeated row",
            )
        )
    t, series = t[~duplicated].reset_index(drop=True), series[~duplicated]
    if not len(t):
        raise missing_sheet(wb, "DataBank data row with a series code")

    # wide -> long: one entry per (row, year column)
    rownums = t["row"].to_numpy()
    values = []
    for column in years:
        numbers, found_problems = to_numbers(
            t[column], file=wb.file, sheet=label, column=column, rows=rownums
        )
        values.append(numbers)
        problems += found_problems
    n = len(t)
    long = pd.DataFrame(
        {
            "country_name": np.tile(t["Country Name"].to_numpy(dtype=object), len(years)),
            "country_code": np.tile(t["country_code"].to_numpy(dtype=object), len(years)),
            "series": np.tile(series, len(years)),
            "year": np.repeat(np.array(list(years.values()), dtype=np.int64), n),
            "value": np.concatenate(values),
            "row": np.tile(rownums, len(years)),
            "column": np.repeat(np.array(list(years), dtype=object), n),
        }
    )
    edition = f"DataBank export, last updated {updated.isoformat()}" if updated else None
    if edition is None:
        edition = f"DataBank export, data to {max(years.values())}"
        problems.append(
            Problem(
                f"no 'Last Updated' line under the table: the edition is recorded as '{edition}'",
                file=wb.file,
                hint="export again from DataBank with the footer notes to record the exact edition",
                severity="warning",
            )
        )
    is_wgi = np.array([bool(_WGI_SERIES.match(s)) for s in series])
    if is_wgi.all():
        return Parsed(NAME, catalogue.source_meta("wgi", edition), _wgi(long, label), problems=problems)
    if is_wgi.any():
        raise ValidationError(
            "Mixed DataBank export",
            [
                Problem(
                    "the export mixes Worldwide Governance Indicators series ("
                    + ", ".join(sorted(set(series[is_wgi]))[:6])
                    + ") with other series ("
                    + ", ".join(sorted(set(series[~is_wgi]))[:6])
                    + ")",
                    file=wb.file,
                    sheet=label,
                    hint="export the WGI series and the other series as two separate files",
                )
            ],
        )
    return _other(wb, label, t, name_col, series, long, edition, problems)


def _wgi(long: pd.DataFrame, label: str | None) -> pd.DataFrame:
    """WGI series merged into wgi.<ind> (estimate, std error, sources) and wgi.<ind>.pctrank observations."""
    parts = long["series"].str.upper().str.split(".", n=1, expand=True)
    long = long.assign(ind=parts[0].str.lower(), part=parts[1])
    keys = ["indicator_code", "country_name", "country_code", "year"]
    frames = []
    for suffix in ("", ".pctrank"):
        merged = None
        # the value part first, so that row and column point at the value cell when it exists
        for part, (part_suffix, target) in sorted(WGI_PARTS.items(), key=lambda p: p[1][1] != "value"):
            if part_suffix != suffix and not (part == "NO.SRC" and suffix == ".pctrank"):
                continue  # the number of sources belongs to both observations, as in the full dataset
            chosen = long[long["part"] == part]
            piece = pd.DataFrame(
                {
                    "indicator_code": ("wgi." + chosen["ind"] + suffix).to_numpy(dtype=object),
                    "country_name": chosen["country_name"].fillna("").to_numpy(dtype=object),
                    "country_code": chosen["country_code"].fillna("").to_numpy(dtype=object),
                    "year": chosen["year"].to_numpy(),
                    target: chosen["value"].to_numpy(),
                    f"row_{part}": chosen["row"].to_numpy(),
                    f"column_{part}": chosen["column"].to_numpy(dtype=object),
                }
            )
            merged = piece if merged is None else merged.merge(piece, on=keys, how="outer")
        if merged is None or merged.empty:
            continue
        row = pd.Series(np.nan, index=merged.index)
        column = pd.Series(None, index=merged.index, dtype=object)
        for name in merged.columns:
            if name.startswith("row_"):
                row = row.fillna(merged[name])
            elif name.startswith("column_"):
                column = column.fillna(merged[name])
        frames.append(
            observations(
                indicator_code=merged["indicator_code"].to_numpy(dtype=object),
                country_name=merged["country_name"].replace("", None).to_numpy(dtype=object),
                country_code=merged["country_code"].replace("", None).to_numpy(dtype=object),
                year=merged["year"].to_numpy(),
                value=merged.get("value"),
                std_error=merged.get("std_error"),
                lower=merged.get("lower"),
                upper=merged.get("upper"),
                n_sources=merged.get("n_sources"),
                sheet=label,
                row=row.to_numpy(),
                column=column.to_numpy(),
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values(
        ["row", "year", "indicator_code"], ignore_index=True
    )


def _other(
    wb: Workbook,
    label: str | None,
    t: pd.DataFrame,
    name_col: str,
    series: np.ndarray,
    long: pd.DataFrame,
    edition: str,
    problems: list[Problem],
) -> Parsed:
    """Non-WGI series as wb.<code> indicators, declared from the names in the file."""
    names = dict(zip(series, t[name_col].map(lambda v: str(v).strip()), strict=True))
    indicators = []
    for code, name in names.items():
        definition = f"As published in World Bank DataBank: {name}"
        indicators.append(
            IndicatorMeta(
                code=f"wb.{code.lower()}",
                dataset="databank",
                name_en=name,
                name_ru=name,
                definition_en=definition,
                definition_ru=definition,
                unit="",
                scale_min=None,
                scale_max=None,
                higher_is_better=True,
                theme="governance",
            )
        )
    problems.append(
        Problem(
            f"{len(indicators)} indicator(s) are not in the catalogue and were declared from the file: "
            + ", ".join(i.code for i in indicators[:10])
            + (" ..." if len(indicators) > 10 else "")
            + ". They have no Russian name, unit, scale or theme of their own yet",
            file=wb.file,
            hint="add a Russian name and metadata for them to the indicator catalogue",
            severity="warning",
        )
    )
    obs = observations(
        indicator_code=("wb." + long["series"].str.lower()).to_numpy(dtype=object),
        country_name=long["country_name"].to_numpy(dtype=object),
        country_code=long["country_code"].to_numpy(dtype=object),
        year=long["year"].to_numpy(),
        value=long["value"].to_numpy(),
        sheet=label,
        row=long["row"].to_numpy(),
        column=long["column"].to_numpy(dtype=object),
    )
    return Parsed(
        NAME, catalogue.source_meta("databank", edition), obs, indicators=indicators, problems=problems
    )
