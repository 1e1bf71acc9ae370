"""Read any table through a column mapping (sheet, header row, country, years down or across, indicators)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from core.errors import Problem, coded
from etl import catalogue
from etl.harmonise import countries
from etl.model import IndicatorMeta, SourceMeta
from etl.read.cells import column_letter
from etl.read.sheets import clean
from etl.read.tokens import YEAR_MAX, YEAR_MIN, year_of_header

FORMAT = "mapped"
CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
MAX_LISTED = 20  # cells of one kind listed one by one per column
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


def real_indicators(known: dict[str, IndicatorMeta]) -> dict[str, IndicatorMeta]:
    """The indicators real data may be mapped to: all but the catalogue's demonstration ones (datasets.csv
    `is_demo`), which never sit beside real data."""
    return {c: m for c, m in known.items() if not catalogue.is_demo_dataset(m.dataset)}


def indicator_lookup(known: dict[str, IndicatorMeta]) -> dict[str, str]:
    """Codes and English/Russian names (case-insensitive) -> indicator code."""
    found: dict[str, str] = {}
    for code, meta in known.items():
        for text in (meta.name_en, meta.name_ru, code):
            found.setdefault(clean(text), code)
    return found


# ---- declared indicators ----------------------------------------------------------------------------------------


def new_indicator_problems(new: list[NewIndicator], file: str) -> tuple[list[NewIndicator], list[Problem]]:
    """New indicators as declared, minus those refused; a problem for each refused declaration (a code that is
    not a code, a code the catalogue already has, no name or no unit)."""
    ok, problems = [], []
    for n in new:
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
