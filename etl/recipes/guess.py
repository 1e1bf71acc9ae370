"""The mapping step's first guess for a table no recipe reads: header rows, rows to skip, country column, years
down, across or fixed, indicator columns with suggested codes, names and units, missing markers seen, sheets
sharing the layout. It works on the cells of a preview (etl.guard.preview), never on the file itself."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from etl.harmonise import countries
from etl.model import IndicatorMeta
from etl.read.cells import column_letter
from etl.read.sheets import Workbook
from etl.read.tokens import is_missing_marker, missing_defaults, parse_number, read_year, year_of_header
from etl.recipes.engine import _cell_text, _headers
from etl.recipes.mapping import (
    Mapping,
    NewIndicator,
    SourceInfo,
    guess_header_row,
    indicator_lookup,
    real_indicators,
    slug,
)

SCAN = 200  # data rows looked at
YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
YEAR_WORD = re.compile(r"year|год|period|период|жыл|time|date|дата", re.IGNORECASE)
UNIT = re.compile(
    r"^[(\[]?\s*(?:%|‰|percent|per cent|pp|п\.\s?п\.?|процент\w*|доля|чел\.?|человек|persons?|people|ед\.?|единиц\w*|"
    r"units?|тыс\.?.*|млн\.?.*|млрд\.?.*|thousands?.*|millions?.*|тенге|тг\.?|kzt|сом|руб\.?|usd|\$|eur|€|долл\.?.*|"
    r"дн\.?|дней|days?|лет|years?|мес\.?|months?|баллы?|балл\w*|points?|score|index|индекс|ratio|коэфф\w*|раз|"
    r"шт\.?|ед\.\s?изм\.?|единица измерения|unit of measure(?:ment)?|hours?|час\w*)\s*[)\]]?$", re.IGNORECASE)
UNIT_IN_NAME = re.compile(r"\s*(?:,\s*|\(\s*|\[\s*)([^,()\[\]]{1,25}?)\s*[)\]]?\s*$")


def guess_mapping(wb: Workbook, *, lang: str = "en", file_name: str | None = None,
                  known: dict[str, IndicatorMeta] | None = None, sheet: str | None = None,
                  header: tuple[int, int, int] | None = None) -> Mapping | None:
    """The mapping a typical ministry table needs, guessed from its first rows; None when no sheet has a table.

    `known`: indicators a header may name (the catalogue's and the store's), used instead of a new code.
    `sheet`, `header` (header row, header rows, rows skipped): as a person chose them, the rest guessed after."""
    file = file_name or wb.file
    chosen = sheet in wb.sheets
    sheet = sheet if chosen else _main_sheet(wb)
    if sheet is None:
        return None
    rows = wb.sheets[sheet]
    if header is None:
        header_row = guess_header_row(rows)
        header_rows, skip = _header_block(rows, header_row)
    else:
        header_row, header_rows, skip = header
    names = header_names(rows, header_row, header_rows)
    first = header_row - 1 + header_rows + skip  # 0-based first data row
    body = [r for r in rows[first:first + SCAN] if any(_cell_text(c) for c in r)]
    country = _country(names, body)
    if country is None:
        return None
    mapping = Mapping(sheet=sheet, header_row=header_row, country_column=country, header_rows=header_rows,
                      skip_rows=skip)
    country_j = names.index(country)
    year_js = [j for j, n in enumerate(names) if year_of_header(n.split(" | ")[-1]) is not None]
    title = _title(rows[:header_row - 1])
    # names of published indicators only: a ministry's figures never go under a demo indicator
    lookup = indicator_lookup(real_indicators(known or {}))
    markers: list[str] = []
    if len(year_js) >= 2:
        mapping.years = "across"
        values = year_js
        text_js = [j for j in range(len(names)) if j not in year_js and j != country_j and _mostly_text(body, j)]
        if text_js:
            mapping.indicator_column = names[text_js[0]]
        else:
            name = _strip_year(title) or sheet or Path(file).stem
            code, new = _indicator(name, "", lookup, set())
            mapping.indicator = code
            mapping.new_indicators = [new] if new else []
    else:
        year_j = _year_column(names, body, country_j)
        if year_j is not None:
            mapping.years, mapping.year_column = "down", names[year_j]
        else:
            mapping.years = "fixed"
            mapping.year_from, mapping.fixed_year = _fixed_year(wb, sheet, rows[:header_row - 1], file)
        taken = {country_j, year_j}
        values = [j for j in range(len(names)) if j not in taken and _mostly_numbers(body, j)]
        units = rows[header_row - 1 + header_rows] if skip else []
        codes: set[str] = set()
        for j in values:
            unit = _cell_text(units[j]) if j < len(units) else ""
            code, new = _indicator(names[j].split(" | ")[-1], unit, lookup, codes)
            codes.add(code)
            mapping.indicator_columns[names[j]] = code
            if new:
                mapping.new_indicators.append(new)
    mapping.sheets = _same_layout(wb, mapping, names)
    for other in mapping.sheets or [sheet]:  # markers seen in the value cells of every sheet mapped
        for r in wb.sheets[other][first:first + SCAN]:
            for j in values:
                cell = r[j] if j < len(r) else ""
                if isinstance(cell, str) and cell.strip() and not isinstance(parse_number(cell), float) and \
                        is_missing_marker(cell) and cell.strip() not in markers:
                    markers.append(cell.strip())
    defaults = missing_defaults(lang)
    mapping.missing_values = defaults + [m for m in markers if m.casefold() not in {d.casefold() for d in defaults}]
    if mapping.sheets and not chosen:  # the first of the sheets sharing the layout, in the workbook's order
        mapping.sheet = mapping.sheets[0]
    if len(mapping.sheets) > 1 and mapping.years == "fixed":
        mapping.year_from = "sheet" if all(YEAR_IN_TEXT.search(s) for s in mapping.sheets) else mapping.year_from
    if mapping.years == "fixed" and mapping.year_from == "sheet" and (m := YEAR_IN_TEXT.search(mapping.sheet)):
        mapping.fixed_year = int(m.group(1))
    mapping.source = SourceInfo(name=_strip_year(title) or Path(file).stem, edition=_edition(mapping, body, names))
    return mapping


def header_names(rows: list[list], header_row: int, count: int = 1) -> list[str]:
    """The column names of a header of `count` rows from `header_row` (1-based): upper rows' merged cells spread
    over the columns they cover, names joined with " | ", a column without a name called by its letter "(A)"."""
    if not 1 <= header_row <= len(rows):
        return []
    return [n or f"({column_letter(j)})" for j, n in enumerate(_headers(rows, header_row - 1, count))]


# ---- the parts of the guess ----------------------------------------------------------------------------------


def _main_sheet(wb: Workbook) -> str | None:
    filled = {s: sum(1 for r in rows[:SCAN] for c in r if _cell_text(c)) for s, rows in wb.sheets.items()}
    visible = [s for s in wb.sheets if s not in wb.hidden and filled[s]] or [s for s in wb.sheets if filled[s]]
    return max(visible, key=lambda s: filled[s], default=None) if visible else None


def _kind(cell: object) -> str:
    """"number", "year", "marker", "unit", "text" or "" for a cell, as the guess sees it."""
    if isinstance(cell, bool):
        return "text"
    if isinstance(cell, int | float):
        return "year" if float(cell).is_integer() and 1900 <= cell <= 2100 else "number"
    text = _cell_text(cell)
    if not text:
        return ""
    if hasattr(cell, "year"):
        return "date"
    if is_missing_marker(text):
        return "marker"
    if isinstance(parse_number(text), float):
        return "year" if year_of_header(text) is not None else "number"
    if UNIT.match(text):
        return "unit"
    return "text"


def _header_block(rows: list[list], header_row: int) -> tuple[int, int]:
    """(rows in the header, unit rows under it) between the header row and the first data row."""
    header_rows, skip = 1, 0
    for row in rows[header_row:header_row + 4]:
        kinds = [_kind(c) for c in row]
        filled = [k for k in kinds if k]
        if not filled:
            break
        years = kinds.count("year")
        texts = kinds.count("text")
        if kinds.count("number") + kinds.count("marker") > 0 or (texts >= 1 and years >= 1 and not skip
                                                                  and texts + years == len(filled)
                                                                  and _country_like(row)):
            break  # a data row
        if filled.count("unit") >= max(1, len(filled) // 2) and not _country_like(row):
            skip += 1
        elif not skip:
            header_rows += 1
        else:
            break
    return header_rows, skip


def _country_like(row: list) -> bool:
    texts = pd.Series([_cell_text(c) for c in row if _kind(c) == "text"], dtype=object)
    return bool(len(texts)) and bool(countries.harmonize(texts).iso3.notna().any())


def _country(names: list[str], body: list[list]) -> str | None:
    best, hits = None, 0
    for j, name in enumerate(names):
        cells = pd.Series([_cell_text(r[j]) for r in body if j < len(r) and isinstance(r[j], str)], dtype=object)
        cells = cells[cells != ""]
        found = int(countries.harmonize(cells).iso3.notna().sum()) if len(cells) else 0
        if found > hits:
            best, hits = name, found
    return best


def _cells(body: list[list], j: int) -> list:
    return [r[j] for r in body if j < len(r) and _cell_text(r[j])]


def _mostly_numbers(body: list[list], j: int) -> bool:
    kinds = [_kind(c) for c in _cells(body, j)]
    numbers = sum(k in ("number", "year") for k in kinds)
    return numbers > 0 and numbers + kinds.count("marker") >= 0.8 * len(kinds)


def _mostly_text(body: list[list], j: int) -> bool:
    kinds = [_kind(c) for c in _cells(body, j)]
    return bool(kinds) and kinds.count("text") >= 0.8 * len(kinds)


def _year_column(names: list[str], body: list[list], country_j: int) -> int | None:
    found = []
    for j in range(len(names)):
        cells = _cells(body, j)
        if j == country_j or not cells:
            continue
        years = [read_year(c) for c in cells]
        if sum(y.error is None for y in years) >= 0.9 * len(cells):
            found.append(j)
    named = [j for j in found if YEAR_WORD.search(names[j])]
    dated = [j for j in found if any(read_year(c).from_date for c in _cells(body, j))]
    return (named or dated or found or [None])[0]


def _fixed_year(wb: Workbook, sheet: str, title_rows: list[list], file: str) -> tuple[str, int | None]:
    """Where the one year of a sheet is written: its name, the title rows above the header, or the file name."""
    for where, texts in (("sheet", [sheet or ""]), ("title", [_cell_text(c) for r in title_rows for c in r]),
                         ("file", [Path(file).stem])):
        for text in texts:
            if m := YEAR_IN_TEXT.search(text):
                return where, int(m.group(1))
    return "typed", None


def _title(rows: list[list]) -> str:
    """The title row that names the indicator: one ending in a unit ("Доля женщин ..., %"), else the longest."""
    texts = [_cell_text(c) for r in rows for c in r if _kind(c) == "text"]
    with_unit = [t for t in texts if (m := UNIT_IN_NAME.search(t)) and UNIT.match(m.group(1))]
    return (with_unit or [max(texts, key=len, default="")])[-1]


def _strip_year(text: str) -> str:
    text = re.sub(r"\s*(?:за|на|в|in|for)?\s*(?:19|20)\d\d\s*(?:г\.|год[а-я]*|гг\.|year)?", " ", text,
                  flags=re.IGNORECASE)
    return " ".join(text.split()).strip(" ,.:;-–—")


def _indicator(name: str, unit: str, lookup: dict[str, str], taken: set[str]) -> tuple[str, NewIndicator | None]:
    """An indicator code for a column named `name`: a known one by its name, else a new one with a suggested code,
    the name, and the unit (from the unit row, else from the name: "Доля женщин, %")."""
    clean_name = " ".join(name.split())
    if clean_name.casefold() in lookup:
        return lookup[clean_name.casefold()], None
    if not unit and (m := UNIT_IN_NAME.search(clean_name)) and UNIT.match(m.group(1)):
        unit = m.group(1)
        clean_name = clean_name[:m.start()].strip()
    base = "nat." + (slug(clean_name)[:50] or "indicator")
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code, NewIndicator(code=code, name_en=clean_name, name_ru=clean_name, unit=unit.strip("()[] ") or "",
                              higher_is_better=True)


def _same_layout(wb: Workbook, mapping: Mapping, names: list[str]) -> list[str]:
    """The sheets whose header (at the same rows) has the same names as the mapped sheet's, the mapped one first."""
    def key(ns: list[str]) -> list[str]:
        return [n for n in ns if year_of_header(n.split(" | ")[-1]) is None and not n.startswith("(")]

    same = [sheet for sheet, rows in wb.sheets.items() if sheet == mapping.sheet or (
        sheet not in wb.hidden and key(header_names(rows, mapping.header_row, mapping.header_rows)) == key(names))]
    return same if len(same) > 1 else []  # in the workbook's order


def _edition(mapping: Mapping, body: list[list], names: list[str]) -> str:
    """The latest year of the data, the usual edition of a ministry table."""
    if mapping.years == "fixed":
        return str(mapping.fixed_year) if mapping.fixed_year else ""
    if mapping.years == "across":
        years = [year_of_header(n.split(" | ")[-1]) for n in names]
    else:
        j = names.index(mapping.year_column)
        years = [read_year(c).year for c in _cells(body, j)]
    years = [y for y in years if y]
    return str(max(years)) if years else ""
