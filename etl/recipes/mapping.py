"""Read any table through a column mapping (sheet, header row, country, years down or across, indicators)."""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import python_calamine as calamine

from core.errors import Problem, ValidationError, coded
from etl import catalogue
from etl.harmonise import countries
from etl.model import IndicatorMeta, Parsed, SourceMeta
from etl.read.cells import column_letter
from etl.read.sheets import ZIP_MAGIC, Workbook, cell_kinds, clean, observations, to_numbers
from etl.read.tokens import YEAR_MAX, YEAR_MIN, year_of_header

FORMAT = "mapped"
CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
PERCENT = re.compile(r"^\s*([-+]?[\d\s\u00a0.,]*\d)\s*%\s*$")
MAX_LISTED = 20  # cells of one kind listed one by one per column
DATE_HINT = "type the year as four digits, e.g. {year} (format the cell as a number or text, not a date)"
YES = {"yes", "y", "true", "1", "да", "д"}
NO = {"no", "n", "false", "0", "нет", "н"}


@dataclass(frozen=True)
class NewIndicator:
    """An indicator declared by the person uploading: a code of their own, its names, unit and direction."""

    code: str
    name_en: str
    unit: str
    higher_is_better: bool
    name_ru: str = ""
    definition_en: str = ""
    definition_ru: str = ""
    scale_min: float | None = None
    scale_max: float | None = None
    theme: str = "governance"
    decimals: int = 2

    def meta(self, dataset: str) -> IndicatorMeta:
        return IndicatorMeta(
            code=self.code, dataset=dataset, name_en=self.name_en, name_ru=self.name_ru or self.name_en,
            definition_en=self.definition_en or self.name_en,
            definition_ru=self.definition_ru or self.name_ru or self.definition_en or self.name_en,
            unit=self.unit, scale_min=self.scale_min, scale_max=self.scale_max,
            higher_is_better=self.higher_is_better, theme=self.theme, decimals=self.decimals,
        )


@dataclass(frozen=True)
class SourceInfo:
    """Who published the uploaded data, and which edition it is."""

    name: str
    edition: str
    publisher: str = ""
    licence: str = ""
    citation: str = ""
    url: str = ""

    def meta(self) -> SourceMeta:
        return SourceMeta(
            dataset=f"nat.{slug(self.name)[:50] or 'national'}", edition=self.edition.strip(), name=self.name.strip(),
            publisher=self.publisher.strip() or "not stated", licence=self.licence.strip() or "not stated",
            citation=self.citation.strip() or f"{self.name.strip()}, {self.edition.strip()}",
            url=self.url.strip(),
        )


YEAR_FROM = ("typed", "sheet", "title", "file")  # where a fixed year comes from (years="fixed")
YEAR_IN_NAME = r"(?P<year>(?:19|20)\d\d)"


@dataclass
class Mapping:
    """Where the data sits in a sheet. Header row is 1-based, as a spreadsheet numbers rows.

    years="down": a year column; either `indicator_columns` (header -> indicator code, one column per
    indicator) or `indicator_column` + `value_column` (one row per country, indicator and year).
    years="across": every header that is a year holds values; the indicator is `indicator_column` (a code
    or name per row) or `indicator` (one code for the whole sheet).
    years="fixed": one year for the whole sheet, `fixed_year` as typed, or read from the sheet name, the title
    rows or the file name (`year_from`), with `indicator_columns` as for "down".
    `header_rows` rows from `header_row` make the header (merged cells spread, names joined with " | ");
    `skip_rows` rows under it are not data (a unit row). `sheets`: more sheets read with the same layout.
    `missing_values`: cell texts that mean "no value", besides the shared markers of etl/read/tokens.py.
    """

    sheet: str
    header_row: int
    country_column: str
    years: str = "down"
    year_column: str | None = None
    indicator_columns: dict[str, str] = field(default_factory=dict)
    indicator_column: str | None = None
    value_column: str | None = None
    indicator: str | None = None
    new_indicators: list[NewIndicator] = field(default_factory=list)
    source: SourceInfo | None = None
    header_rows: int = 1
    skip_rows: int = 0
    missing_values: list[str] = field(default_factory=list)
    fixed_year: int | None = None
    year_from: str = "typed"
    sheets: list[str] = field(default_factory=list)

    def all_sheets(self) -> list[str]:
        return [self.sheet, *[s for s in self.sheets if s != self.sheet]]

    def check(self, file: str = "") -> list[Problem]:
        """Faults of the mapping itself, found before any cell is read: a fixed year outside 1900-2100, two
        indicators given one code, a column chosen twice, a new indicator without a name or unit."""
        out: list[Problem] = []
        sheet = self.sheet or None
        if self.years == "fixed":
            if self.fixed_year is None and self.year_from == "typed":
                out.append(coded("map_year_needed", {}, file=file, sheet=sheet))
            elif self.fixed_year is not None and not YEAR_MIN <= int(self.fixed_year) <= YEAR_MAX:
                years = {"year": str(self.fixed_year), "min": str(YEAR_MIN), "max": str(YEAR_MAX)}  # not "1 850"
                out.append(coded("map_year_range", years,
                                 file=file, sheet=sheet, column="year", value=self.fixed_year))
        seen: dict[str, str] = {}
        for column, code in self.indicator_columns.items():
            if code in seen:
                out.append(coded("map_same_code", {"code": code, "a": seen[code], "b": column}, file=file,
                                 sheet=sheet, row=self.header_row, column=column, value=code))
            seen.setdefault(code, column)
        codes = [n.code for n in self.new_indicators]
        for code in sorted({c for c in codes if codes.count(c) > 1}):
            out.append(coded("map_same_new_code", {"code": code}, file=file, sheet=sheet, value=code))
        used = [c for c in (self.country_column, self.year_column if self.years == "down" else None,
                            self.indicator_column, self.value_column, *self.indicator_columns) if c]
        for column in sorted({c for c in used if used.count(c) > 1}):
            out.append(coded("map_column_twice", {"column": column}, file=file, sheet=sheet, row=self.header_row,
                             column=column))
        return out

    def to_recipe(self, is_csv: bool = False) -> dict:
        """The same mapping as a recipe (the YAML mapping), to save in $HUB_DATA_DIR/recipes/ and load the next
        file of this shape with `etl load FILE --recipe NAME`: one format for mappings and publisher recipes.

        What changes from one year's file to the next is written as a rule, not a value: year headers are not
        required to recognise it, a year from the sheet name is a pattern, and so is the sheet name itself."""
        source = self.source or SourceInfo(name="national data", edition="")
        meta = source.meta()
        recipe: dict = {
            "dataset": meta.dataset, "title": {"en": meta.name, "ru": meta.name, "kk": meta.name},
            "publisher": meta.publisher, "licence": meta.licence, "citation": meta.citation, "url": meta.url,
            "edition": meta.edition or {"from": "ask"},
            "header": {"row": self.header_row},
            "country": {"name": self.country_column, "codes": "names"},
        }
        if self.header_rows > 1:
            recipe["header"]["rows"] = self.header_rows
        if self.skip_rows:
            recipe["header"]["skip"] = self.skip_rows
        if not is_csv:
            names = self.all_sheets()
            recipe["sheets"] = "^(?:" + "|".join(_name_pattern(n, self.year_from == "sheet") for n in names) + ")$"
        columns = [self.country_column]
        if self.years in ("down", "fixed"):
            if self.years == "down":
                recipe["year"] = {"column": self.year_column}
                columns.append(self.year_column)
            elif self.year_from == "typed":
                recipe["year"] = {"fixed": int(self.fixed_year)} if self.fixed_year is not None else {}
            else:
                recipe["year"] = {"from": self.year_from, "pattern": YEAR_IN_NAME}
            if self.indicator_columns:
                recipe["layout"] = "wide_indicators"
                recipe["values"] = [{"header": h, "indicator": code} for h, code in self.indicator_columns.items()]
                columns += list(self.indicator_columns)[:3]
            else:
                recipe["layout"] = "long"
                recipe["indicator"] = {"column": self.indicator_column}
                recipe["values"] = [{"header": self.value_column}]
                columns += [self.indicator_column, self.value_column]
        else:
            recipe["layout"] = "wide_years"
            recipe["indicator"] = {"column": self.indicator_column} if self.indicator_column else \
                {"fixed": self.indicator}
            if self.indicator_column:
                columns.append(self.indicator_column)
        recipe["recognise"] = {"columns": [c for c in columns if c and not re.fullmatch(r"\([A-Z]{1,3}\)", c)]}
        if not is_csv:
            recipe["recognise"]["sheet"] = recipe["sheets"]
        if self.missing_values:
            recipe["missingValues"] = list(dict.fromkeys(m.strip() for m in self.missing_values if m.strip()))
        if self.new_indicators:
            recipe["indicators"] = {n.code: {
                "name": {"en": n.name_en, "ru": n.name_ru or n.name_en},
                "definition": {"en": n.definition_en or n.name_en, "ru": n.definition_ru or n.name_ru or n.name_en},
                "unit": n.unit, "scale": [n.scale_min, n.scale_max], "higher_is_better": n.higher_is_better,
                "theme": n.theme, "decimals": n.decimals} for n in self.new_indicators}
        return recipe


def _name_pattern(name: str, year_varies: bool) -> str:
    """A sheet name as a pattern; with `year_varies`, its year matches any year (next year's sheet "Данные 2024")."""
    text = re.escape(name.strip())
    return re.sub(r"(?:19|20)\d\d", lambda _: "(?:19|20)\\d\\d", text) if year_varies else text


_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s",
                      "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "a", "g", "q", "n",
                      "o", "u", "u", "h", "i"], strict=True))


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and '_' for a code, Cyrillic (Russian, Kazakh) written in Latin letters."""
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text.strip().casefold())
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


# ---- guesses for the mapping form ---------------------------------------------------------------------------


def guess_header_row(rows: list[list], max_scan: int = 30) -> int:
    """1-based row of the first row with at least two text cells (or a text and two years: "Страна, 2021, 2022")
    and as many filled cells as any row near it."""
    widths = [sum(1 for c in r if str(c).strip()) for r in rows[:max_scan]]
    best = max(widths, default=0)
    for i, row in enumerate(rows[:max_scan]):
        texts = sum(1 for c in row if isinstance(c, str) and c.strip() and year_of_header(c) is None)
        years = sum(1 for c in row if year_of_header(c) is not None)
        if (texts >= 2 or (texts >= 1 and years >= 2)) and widths[i] >= max(2, best // 2):
            return i + 1
    return 1


def headers(rows: list[list], header_row: int) -> list[str]:
    """The header texts of a row (empty headers named by their column letter)."""
    if not 1 <= header_row <= len(rows):
        return []
    return [_header_text(c, j) for j, c in enumerate(rows[header_row - 1])]


def _header_text(cell: object, j: int) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = "" if cell is None else str(cell).strip()
    return text or f"({column_letter(j)})"


def guess_country_column(rows: list[list], header_row: int) -> str | None:
    """The column whose cells most often name a country."""
    names = headers(rows, header_row)
    body = rows[header_row : header_row + 200]
    best, best_hits = None, 0
    for j, name in enumerate(names):
        cells = pd.Series([r[j] if j < len(r) else None for r in body], dtype=object)
        cells = cells[cells.map(lambda c: isinstance(c, str) and c.strip() != "")]
        if cells.empty:
            continue
        hits = int(countries.harmonize(cells.str.strip()).iso3.notna().sum())
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def guess_years(rows: list[list], header_row: int) -> str:
    """"across" when at least two headers are years, else "down"."""
    return "across" if sum(year_of_header(c) is not None for c in rows[header_row - 1]) >= 2 else "down"


# ---- reading ---------------------------------------------------------------------------------------------------


def indicator_lookup(known: dict[str, IndicatorMeta]) -> dict[str, str]:
    """Codes and English/Russian names (case-insensitive) -> indicator code."""
    found: dict[str, str] = {}
    for code, meta in known.items():
        for text in (meta.name_en, meta.name_ru, code):
            found.setdefault(clean(text), code)
    return found


def apply(wb: Workbook, mapping: Mapping, known: dict[str, IndicatorMeta] | None = None,
          format_name: str = FORMAT) -> Parsed:
    """The observations `mapping` points at, with every cell-level problem found (ValidationError if none fit).

    `known`: the indicators names may refer to (default: the catalogue; the caller adds those the store holds)."""
    known = dict(catalogue.indicators() if known is None else known)
    file = wb.file
    if mapping.sheet not in wb.sheets:
        raise ValidationError("Missing sheet", [Problem(
            f"there is no sheet '{mapping.sheet}'; the file has: {', '.join(repr(s) for s in wb.sheets)}",
            file=file, hint="pick one of the sheets the file has")])
    label = wb.sheet_label(mapping.sheet)
    rows = wb.sheets[mapping.sheet]
    problems: list[Problem] = []
    if mapping.sheet in wb.hidden:
        problems.append(Problem("the sheet is hidden in Excel; its cells were read all the same", file=file,
                                sheet=label, hint="check that this hidden sheet is the one meant to be loaded",
                                severity="warning"))
    if not any(any(str(c).strip() for c in r) for r in rows):
        raise ValidationError("Empty sheet", [Problem("the sheet is empty", file=file, sheet=label,
                                                      hint="put the data in this sheet or pick another one")])
    declared, declared_problems = _declared(mapping, known, file)
    problems += declared_problems
    known.update({m.code: m for m in declared})
    lookup = indicator_lookup(known)
    header = _header(wb, mapping, rows, label)
    position = {name: j for j, name in reversed(list(enumerate(header)))}

    def col(name: str | None, what: str) -> int:
        if name is None or name not in position:
            raise _missing(wb, mapping, rows, label, [name or what])
        return position[name]

    body = rows[mapping.header_row:]
    rownums = np.arange(mapping.header_row + 1, mapping.header_row + 1 + len(body))
    width = max(map(len, body), default=0)
    if body and min(map(len, body)) != width:  # ragged CSV lines: pad them
        body = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in body]
    columns = list(zip(*body, strict=True)) if body else []  # one pass in C: the cells column by column

    converted: dict[int, pd.Series] = {}

    def column_cells(j: int) -> pd.Series:
        if j not in converted:  # each column made into an array once
            converted[j] = pd.Series(columns[j] if j < len(columns) else [""] * len(body), dtype=object)
        return converted[j]

    country_j = col(mapping.country_column, "country")
    # (cells, header, column index, indicator code per row or None to take it from the indicator column, year)
    pieces: list[tuple[int, str, np.ndarray, np.ndarray | int]] = []
    year_j = None
    if mapping.years == "down":
        year_j = col(mapping.year_column, "year")
        if mapping.indicator_columns:
            for name, code in mapping.indicator_columns.items():
                pieces.append((col(name, name), name, same(code, len(body)), -1))
        else:
            pieces.append((col(mapping.value_column, "value"), mapping.value_column, None, -1))
    else:
        year_cols = [(j, year_of_header(c)) for j, c in enumerate(rows[mapping.header_row - 1])]
        for j, c in enumerate(rows[mapping.header_row - 1]):
            if isinstance(c, date | datetime):
                problems.append(Problem(
                    "a date in the header where a year was expected; the column was not read", file=file,
                    sheet=label, row=mapping.header_row, column=header[j], value=str(c),
                    hint=DATE_HINT.format(year=c.year)))
        year_cols = [(j, y) for j, y in year_cols if y is not None]
        if not year_cols:
            raise ValidationError("No year columns", [Problem(
                "no column header in this row is a year (such as 2020)", file=file, sheet=label,
                row=mapping.header_row, hint="choose 'years down a column', or the row that holds the years")])
        code = None if mapping.indicator_column else mapping.indicator
        if code is None and not mapping.indicator_column:
            raise ValidationError("No indicator", [Problem("choose the indicator the values belong to",
                                                           file=file, sheet=label)])
        for j, y in year_cols:
            pieces.append((j, header[j], None if code is None else same(code, len(body)), y))
    ind_j = col(mapping.indicator_column, "indicator") if mapping.indicator_column and not \
        mapping.indicator_columns and not (mapping.years == "across" and mapping.indicator) else None

    # rows with a country but no year and no value are notes or titles, not data
    value_js = [p[0] for p in pieces] + ([year_j] if year_j is not None else [])
    empty_values = np.ones(len(body), dtype=bool)
    for j in value_js:
        empty_values &= blanks(column_cells(j))
    country_cells = column_cells(country_j)
    has_country = ~blanks(country_cells)
    for i in np.flatnonzero(has_country & empty_values)[:MAX_LISTED]:
        problems.append(Problem("row ignored: it has no year and no value (a note or a title?)", file=file,
                                sheet=label, row=int(rownums[i]), column=header[country_j],
                                value=str(country_cells.iloc[i]), severity="warning"))
    keep = ~empty_values
    idx = np.flatnonzero(keep)  # empty cells and '..' are stored as missing, never as zero
    kept_rows = rownums[idx]
    formulas = formula_cells(wb.path).get(mapping.sheet, {})
    # each distinct country cell stripped once
    country_ids, country_values = pd.factorize(country_cells.to_numpy(dtype=object)[idx], use_na_sentinel=False)
    stripped = np.array([None if _blank(c) else str(c).strip() for c in country_values], dtype=object)
    names = stripped[country_ids] if len(idx) else np.array([], dtype=object)
    ind_from_column = None
    if ind_j is not None:
        raw = column_cells(ind_j).iloc[idx].reset_index(drop=True)
        code_of = {c: lookup.get(clean(c)) for c in pd.unique(raw.to_numpy(dtype=object))}
        ind_from_column = raw.map(code_of).to_numpy(dtype=object)
        for text in sorted({str(c).strip() for c, k in code_of.items() if k is None and not _blank(c)}):
            first = np.flatnonzero(raw.map(lambda c, text=text: str(c).strip() == text).to_numpy(dtype=bool))[0]
            close = difflib.get_close_matches(clean(text), list(lookup), n=1, cutoff=0.7)
            hint = (f"did you mean '{lookup[close[0]]}'? " if close else "") + \
                "use a code from the indicator list, or declare the indicator in the 'New indicators' sheet"
            problems.append(Problem("indicator not known", file=file, sheet=label, row=int(kept_rows[first]),
                                    column=header[ind_j], value=text, hint=hint))
        for i in np.flatnonzero(blanks(raw))[:MAX_LISTED]:
            problems.append(Problem("the indicator is missing", file=file, sheet=label, row=int(kept_rows[i]),
                                    column=header[ind_j], hint="pick the indicator from the drop-down list"))
    if year_j is not None:
        years_down, year_ok_down, found = _years(column_cells(year_j).iloc[idx], file, label, header[year_j],
                                                 kept_rows)
        problems += found
        problems += _formula_problems(formulas, idx, year_j, column_cells(year_j), file, label, header[year_j],
                                      mapping.header_row)

    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("indicator_code", "country_name", "year", "value", "row",
                                                          "column")}
    for j, name, codes, year in pieces:
        values = column_cells(j)
        v, found = _numbers(values.iloc[idx], file, label, name, kept_rows)
        problems += found
        if year == -1:
            years, year_ok = years_down, year_ok_down
        else:
            years, year_ok = np.full(len(idx), year), np.ones(len(idx), dtype=bool)
        ind = ind_from_column if codes is None else codes[idx]
        ok = year_ok & pd.notna(ind)
        # plain numpy arrays: a DataFrame here would convert every string column to Arrow and back
        for key, array in (("indicator_code", ind[ok]), ("country_name", names[ok]), ("year", years[ok]),
                           ("value", v[ok]), ("row", kept_rows[ok]),
                           ("column", same(name, int(ok.sum())))):
            parts[key].append(array)
        problems += _formula_problems(formulas, idx, j, values, file, label, name, mapping.header_row)
    joined = {k: np.concatenate(parts.pop(k)) if parts[k] else np.array([], dtype=object) for k in list(parts)}
    if not len(joined["year"]) and not any(p.severity == "error" for p in problems):
        raise ValidationError("No data", [Problem("no data rows under the header", file=file, sheet=label,
                                                  row=mapping.header_row,
                                                  hint="check the header row and the columns chosen")])
    obs = observations(**joined, country_code=None, sheet=label) if len(joined["year"]) else \
        observations(indicator_code=[], year=[], row=[], sheet=label)
    if mapping.source is None:
        raise ValidationError("No source", [Problem("say who published the data and which edition it is",
                                                    file=file, hint="fill in the source name and edition")])
    source = mapping.source.meta()
    return Parsed(format_name, source, obs, indicators=[m.meta(source.dataset) for m in mapping.new_indicators],
                  problems=problems)


def same(value: object, n: int) -> np.ndarray:
    """`n` references to one object (np.full would copy a string n times: 60 bytes a cell)."""
    return np.array([value], dtype=object).repeat(n)


def blanks(cells: pd.Series) -> np.ndarray:
    """Which cells are empty (None, NaN or ""), vectorised."""
    obj = cells.to_numpy(dtype=object)
    return pd.isna(obj) | (obj == "")


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, float) and np.isnan(cell)) or (isinstance(cell, str)
                                                                             and not cell.strip())


def _header(wb: Workbook, mapping: Mapping, rows: list[list], label: str | None) -> list[str]:
    if not 1 <= mapping.header_row <= len(rows):
        raise ValidationError("No header row", [Problem(
            f"the sheet has {len(rows)} rows; row {mapping.header_row} cannot be the header", file=wb.file,
            sheet=label, hint="choose the row that holds the column names")])
    header = headers(rows, mapping.header_row)
    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if name in seen and not name.startswith("("):
            raise ValidationError("Repeated column header", [Problem(
                f"two columns are headed '{name}' ({column_letter(seen[name])} and {column_letter(j)})",
                file=wb.file, sheet=label, row=mapping.header_row, column=name,
                hint="give each column its own header")])
        seen.setdefault(name, j)
    return header


def _missing(wb: Workbook, mapping: Mapping, rows: list[list], label: str | None,
             missing: list[str]) -> ValidationError:
    found = [h for h in headers(rows, mapping.header_row) if not h.startswith("(")]
    message = f"the header row lacks the column(s) {', '.join(repr(m) for m in missing)}; it has: " + \
        ", ".join(repr(f) for f in found)
    hint = "check the header row and the column names"
    merged = merged_in_row(wb, mapping.sheet, mapping.header_row)
    for i, row in enumerate(rows[:30]):
        if i + 1 != mapping.header_row and {clean(m) for m in missing} <= {clean(_header_text(c, 0)) for c in row}:
            hint = f"the header seems to be on row {i + 1}: choose that row as the header"
            break
    else:
        if merged:
            hint = f"the header row has merged cells ({', '.join(merged)}): unmerge them and give each column " \
                   "its own header"
    return ValidationError("Missing columns", [Problem(message, file=wb.file, sheet=label, row=mapping.header_row,
                                                       hint=hint)])


def merged_in_row(wb: Workbook, sheet: str, row: int) -> list[str]:
    """Merged ranges ("A1:B1") that touch a 1-based row of a workbook sheet (none for CSV)."""
    if wb.is_csv:
        return []
    try:
        ranges = calamine.CalamineWorkbook.from_path(str(wb.path)).get_sheet_by_name(sheet).merged_cell_ranges
    except (calamine.CalamineError, ValueError):
        return []
    return [f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}" for (r0, c0), (r1, c1) in ranges or []
            if r0 + 1 <= row <= r1 + 1]


def _numbers(values: pd.Series, file: str, sheet: str | None, column: str,
             rows: np.ndarray) -> tuple[np.ndarray, list[Problem]]:
    """Cells as numbers; "45%" is read as 45 with a warning to check the unit."""
    problems: list[Problem] = []
    values = values.reset_index(drop=True)
    obj = values.to_numpy(dtype=object)
    percent = np.zeros(len(obj), dtype=bool)
    kinds = cell_kinds(obj)  # one pass over the cells, shared with to_numbers
    # a cell that is text and not a plain number is rare: look for '45%' among the text cells
    for i in np.flatnonzero(kinds == 1):
        percent[i] = PERCENT.match(obj[i]) is not None
    if percent.any():
        values = values.copy()
        for n, i in enumerate(np.flatnonzero(percent)):
            raw = values.iloc[i]
            values.iloc[i] = PERCENT.match(raw).group(1)
            if n < MAX_LISTED:
                problems.append(Problem(
                    f"'{raw.strip()}' read as {values.iloc[i].strip()}: check the unit", file=file, sheet=sheet,
                    row=int(rows[i]), column=column, value=raw,
                    hint="type the number without '%' if the indicator is in percent", severity="warning"))
    numbers, found = to_numbers(values, file=file, sheet=sheet, column=column, rows=rows, kinds=kinds)
    return numbers, problems + found


def _years(values: pd.Series, file: str, sheet: str | None, column: str,
           rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """Cells as whole years; dates and other faults are errors naming the cell."""
    values = values.reset_index(drop=True)
    problems: list[Problem] = []
    is_date = values.map(lambda c: isinstance(c, date | datetime)).to_numpy(dtype=bool)
    for i in np.flatnonzero(is_date)[:MAX_LISTED]:
        problems.append(Problem("a date where a year was expected", file=file, sheet=sheet, row=int(rows[i]),
                                column=column, value=str(values.iloc[i]),
                                hint=DATE_HINT.format(year=values.iloc[i].year)))
    plain = values.where(~is_date, None)
    numbers, found = to_numbers(plain, file=file, sheet=sheet, column=column, rows=rows)
    problems += [p.__class__(p.message, p.file, p.sheet, p.row, p.column, p.value,
                             "type the year as four digits, e.g. 2023", p.severity) for p in found]
    ok = np.isfinite(numbers) & (numbers == np.round(numbers)) & (numbers >= 1900) & (numbers <= 2100)
    for i in np.flatnonzero(~ok & ~is_date & np.isfinite(numbers))[:MAX_LISTED]:
        problems.append(Problem("not a year between 1900 and 2100", file=file, sheet=sheet, row=int(rows[i]),
                                column=column, value=values.iloc[i], hint="type the year as four digits, e.g. 2023"))
    missing = ~np.isfinite(numbers) & ~is_date & blanks(values)
    for i in np.flatnonzero(missing)[:MAX_LISTED]:
        problems.append(Problem("the year is missing", file=file, sheet=sheet, row=int(rows[i]), column=column,
                                hint="type the year as four digits, e.g. 2023"))
    return np.where(ok, numbers, 0).astype(np.int64), ok, problems


def _formula_problems(formulas: dict[tuple[int, int], str], idx: np.ndarray, j: int, values: pd.Series, file: str,
                      sheet: str | None, column: str, header_row: int) -> list[Problem]:
    """Formula cells among the cells read: an error when no result was saved, else a warning."""
    if not formulas:
        return []
    out = []
    for i in idx:
        formula = formulas.get((header_row + int(i), j))  # 0-based sheet row of body row i
        if formula is None:
            continue
        if _blank(values.iloc[i]):
            out.append(Problem("a formula with no saved result", file=file, sheet=sheet, row=header_row + int(i) + 1,
                               column=column, value="=" + formula,
                               hint="open the file in Excel, let it calculate and save it, or paste the values "
                                    "(Paste Special > Values)"))
        else:
            out.append(Problem("the value comes from a formula; its saved result was read", file=file, sheet=sheet,
                               row=header_row + int(i) + 1, column=column, value="=" + formula,
                               hint="check the result, or paste the values (Paste Special > Values)",
                               severity="warning"))
        if len(out) >= MAX_LISTED:
            break
    return out


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?>(.*?)</f>|<f\s[^>]*/>", re.DOTALL)
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def formula_cells(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Formula cells of an .xlsx/.xlsm by sheet name: (0-based row, 0-based column) -> formula text."""
    try:
        with open(path, "rb") as f:
            if not f.read(4).startswith(ZIP_MAGIC[0][:4]):
                return {}
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names:
                return {}
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels}
            found: dict[str, dict[tuple[int, int], str]] = {}
            for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
                target = (targets.get(sheet.get(_REL)) or "").lstrip("/")
                member = target if target.startswith("xl/") else "xl/" + target
                if member not in names:
                    continue
                if not _has_formula_tag(z, member):
                    continue
                data = z.read(member)
                cells = {}
                for m in _CELL.finditer(data):
                    inner = m.group(3) or b""
                    f = _FORMULA.search(inner)
                    if f:
                        col = 0
                        for ch in m.group(1):
                            col = col * 26 + ch - 64
                        text = (f.group(1) or b"(shared formula)").decode("utf-8", "replace")
                        cells[(int(m.group(2)) - 1, col - 1)] = text
                found[sheet.get("name")] = cells
            return found
    except (zipfile.BadZipFile, OSError, ElementTree.ParseError, KeyError):
        return {}


def _has_formula_tag(z: zipfile.ZipFile, member: str, chunk: int = 1 << 22) -> bool:
    """Whether a sheet's XML holds "<f" anywhere, read in pieces (a sheet's XML can be hundreds of MB)."""
    tail = b""
    with z.open(member) as f:
        while piece := f.read(chunk):
            if b"<f" in tail + piece[:1] or b"<f" in piece:
                return True
            tail = piece[-1:]
    return False


# ---- declared indicators ----------------------------------------------------------------------------------------


def _declared(mapping: Mapping, known: dict[str, IndicatorMeta], file: str) -> tuple[list[NewIndicator], list[Problem]]:
    """New indicators as declared, minus those whose code is taken; a problem for each refused declaration."""
    ok, problems = [], []
    for n in mapping.new_indicators:
        if not CODE.match(n.code):
            problems.append(Problem("a new indicator's code must be 2-64 lower-case letters, digits, '.', '_' or '-'",
                                    file=file, value=n.code, hint="e.g. kaz.vacancy_rate"))
        elif n.code in catalogue.indicators():
            problems.append(Problem("this code is already an indicator in the catalogue", file=file, value=n.code,
                                    hint="use it without declaring it, or choose another code"))
        elif not n.name_en.strip() or not n.unit.strip():
            problems.append(Problem("a new indicator needs a name and a unit", file=file, value=n.code,
                                    hint="fill in the name and the unit (e.g. 'percent', 'days')"))
        else:
            ok.append(n)
    return ok, problems


def yes_no(text: object) -> bool | None:
    t = clean(text)
    return True if t in YES else False if t in NO else None
