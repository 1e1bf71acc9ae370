"""Tokens and quirks of published tables, in one place for every layout: missing-value markers with their
reasons, numbers written as text, years and year ranges."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from etl.read.cell_errors import error_code, error_message

# A #N/A error cell (a formula's "not available", e.g. a failed lookup) is read as this text, so it is stored as
# missing like a typed "#N/A" but with a warning (etl/recipes/engine.py).
FORMULA_NA = "=NA()"
FORMULA_NA_NOTE = ("#N/A in the source cell (a formula's 'not available'): stored as missing; "
                   "if a lookup failed, fix it")
# Cell texts that mean "no value", compared after strip, case-insensitively -> the reason kept as a flag
# ("" when the file gives no reason). The UK Government Statistical Service shorthand says why.
MISSING: dict[str, str] = {
    "": "", "..": "", "...": "", "…": "", "#n/a": "", "n/a": "", "na": "", "-": "", "–": "", "—": "",
    "x": "not available",
    "[z]": "not applicable", "[x]": "not available", "[c]": "confidential", "[u]": "low reliability",
    FORMULA_NA.casefold(): "", "[low]": "rounds to zero", "[w]": "no or few observations",
}
# Missing-value markers a mapping starts with, by interface language (a person adds their own): the shared ones
# above, and the words ministries write in each language. A recipe lists its own under `missingValues`.
MISSING_DEFAULTS: dict[str, tuple[str, ...]] = {
    "en": ("..", "-", "x", "n/a", "[z]", "[x]", "[c]", "not available", "no data"),
    "ru": ("н/д", "нет данных", "..", "-", "x", "n/a", "[z]", "[x]", "[c]", "нет свед.", "не имеется"),
    "kk": ("н/д", "нет данных", "деректер жоқ", "..", "-", "x", "n/a", "[z]", "[x]", "[c]"),
}
# Excel's error values, as fastexcel names them and as a cell shows them; #N/A means "not available".
EXCEL_ERRORS = {"NA": "#N/A", "Div0": "#DIV/0!", "Value": "#VALUE!", "Ref": "#REF!", "Name": "#NAME?",
                "Num": "#NUM!", "Null": "#NULL!", "GettingData": "#GETTING_DATA"}
NUMBER_ERRORS = {"#n/a"}  # of the Excel errors, only #N/A is a missing-value marker; the rest are faults

_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SPACE_GROUPED = re.compile(r"([+-]?\d{1,3}(?: \d{3})+)(?:[.,](\d+))?")  # 1 234 567,5 or 1 234.5
_COMMA_GROUPED = re.compile(r"([+-]?\d{1,3}(?:,\d{3})+)\.(\d+)|([+-]?\d{1,3}(?:,\d{3}){2,})")  # 1,234.5 1,234,567
_DOT_GROUPED = re.compile(r"([+-]?\d{1,3}(?:\.\d{3})+),(\d+)|([+-]?\d{1,3}(?:\.\d{3}){2,})")  # 1.234,5 1.234.567
_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+")
_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")  # 1,234: one thousand or one point two?
# "NaN" is not among them: a machine's "not a number" is refused unless the source declares it a missing marker
# (a recipe's missingValues, the mapping's missing-value setting), so an overflow never passes as "missing".
# The largest magnitude a figure may have: no governance or civil-service indicator comes near it, and beyond
# it a value is a typo, a cell reference turned into a number or an overflow (1e308 passes float(), not this).
MAX_MAGNITUDE = 1e15
_INFINITY = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞", "1.#inf",
                       "-1.#inf"})
_NAN = frozenset({"nan", "+nan", "-nan", "1.#qnan", "-1.#ind", "1.#ind"})
# Full-width forms (East Asian keyboards, some PDF copies) of what a number is written with.
_WIDE = str.maketrans({0xFF0B: "+", 0xFF0C: ",", 0xFF0D: "-", 0xFF0E: ".", 0xFF25: "E", 0xFF45: "e", 0x3000: " ",
                       **{0xFF10 + d: str(d) for d in range(10)}})
_NOT_ASCII_DIGIT = re.compile(r"[^\x00-\x7f]")
# no-break, narrow no-break, thin and figure spaces group thousands; U+2212 is a minus sign
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2212": "-"})

YEAR_MIN, YEAR_MAX = 1900, 2100
# 2000, "YR2000", "2000 [YR2000]", "FY2023", "FY 2023", "2023 г.", "2023г", "2023 год", "2023 года", "2023 year"
_YEAR = re.compile(r"^(?:YR|FY\s?)?(\d{4})(?:\.0+)?(?:\s*\[YR\d{4}\])?"
                   r"(?:\s*(?:г\.?|год[а-я]{0,2}\.?|гг\.?|ж\.?|жыл|y\.?|yr\.?|year))?$", re.IGNORECASE)
# a date cell as the readers give it as text ("2023-01-01", "2023-01-01 00:00:00") or typed "31.12.2023"
_DATE_ISO = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
DATE_NOTE = ("dates where years were expected: the year of each date was taken (check that no date is a day of "
             "another year)")
_YEAR_RANGE = re.compile(r"^((?:19|20|21)\d\d)\s*(?:-|–|—|/|to)\s*((?:19|20|21)?\d\d)$", re.IGNORECASE)


def missing_reason(text: str) -> str | None:
    """The reason a text means "missing" ("" when none is given), or None when it is not a missing marker."""
    return MISSING.get(text.translate(_SPACES).strip().casefold())


def ascii_digits(text: str) -> str:
    """`text` with full-width characters and digits of any script (１２３, ١٢٣) written as ASCII ("123")."""
    text = text.translate(_WIDE)
    if not _NOT_ASCII_DIGIT.search(text):
        return text
    return "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch for ch in text)


def wide_digits(text: str) -> bool:
    """Whether a number was typed with full-width characters or digits of another script."""
    return any(not ch.isascii() and (ch.isdecimal() or "\uff00" <= ch <= "\uffef") for ch in text)


def refused(value: float) -> str | None:
    """Why a number read from a cell cannot be a value (infinite, NaN, implausibly large), or None."""
    if math.isnan(value):
        return "NaN ('not a number') is not a value: leave the cell empty, or type '..' for missing"
    if math.isinf(value):
        return "an infinite number (or one beyond ±1.8e308) is not a value: check the cell"
    if abs(value) > MAX_MAGNITUDE:
        return f"a number beyond ±{MAX_MAGNITUDE:.0e} is not a plausible value: check the cell (a typo, a unit?)"
    return None


def parse_number(text: str, extra_missing: frozenset[str] = frozenset()) -> float | None | str:
    """A number typed as text: the float, None if it means missing, or an error message if it is neither.

    Rules: a plain number ("12.5", "-3", "1e-3") is read exactly as Python reads it; a dot is always a
    decimal point when it is the only separator. Thousands may be grouped with spaces of any width
    ("1 234,5", "1 234.5"), commas ("1,234.5", "1,234,567") or dots ("1.234,5", "1.234.567"). A lone comma
    is a decimal comma ("12,5", "0,123") except "1,234" (1-3 digits, comma, 3 digits), which could be
    either and is refused. Full-width and other-script digits ("１２３") are read as ASCII digits (callers
    warn). Refused with a message: anything else ("abc", "12 cars", "12%"), infinity and NaN in any spelling
    ("1e309", "INF", "-Infinity", "NaN"), magnitudes beyond MAX_MAGNITUDE, and spreadsheet error codes
    ("#DIV/0!", "#REF!", "Err:502"), except "#N/A", which is a missing marker. -0 is read as 0.
    `extra_missing`: more markers (lower case) the source declares ("nan" among them if it writes NaN so).
    """
    t = ascii_digits(text.translate(_SPACES)).strip()
    low = t.casefold()
    if low in MISSING or low in extra_missing:
        return None
    if code := error_code(t):
        return error_message(code)
    if low in _INFINITY:
        return "infinity is not a value: check the cell, or leave it empty / '..' for missing"
    if low in _NAN:
        return refused(math.nan)
    number = _number(t)
    if isinstance(number, float):
        return refused(number) or (number + 0.0)  # + 0.0 turns -0.0 into 0.0
    return number


def _number(t: str) -> float | str:
    if _PLAIN.fullmatch(t):
        return float(t)
    if m := _SPACE_GROUPED.fullmatch(t):
        return float(m.group(1).replace(" ", "") + ("." + m.group(2) if m.group(2) else ""))
    if m := _COMMA_GROUPED.fullmatch(t):
        return float((m.group(1) or m.group(3)).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
    if m := _DOT_GROUPED.fullmatch(t):
        return float((m.group(1) or m.group(3)).replace(".", "") + ("." + m.group(2) if m.group(2) else ""))
    if _AMBIGUOUS.fullmatch(t):
        return "ambiguous number: it could mean a thousand-something or a decimal"
    if _COMMA_DECIMAL.fullmatch(t):
        return float(t.replace(",", "."))
    return "not a number"


PERCENT = re.compile(r"^\s*([-+]?[\d\s\u00a0.,]*\d)\s*%\s*$")  # "45%", "12,5 %": the number, with a warning


@dataclass(frozen=True)
class Cell:
    """What a text cell in a value column means: a number, a missing value (with the reason as a flag), or an
    error message."""

    number: float | None = None
    flag: str | None = None  # "missing: confidential" etc.; None for a number
    error: str | None = None
    note: str | None = None  # read, with a warning: "'45%' read as 45: check the unit"


def read_value(text: str, extra_missing: frozenset[str] = frozenset()) -> Cell:
    """A value cell written as text, through the rules above; a marker's reason becomes the flag."""
    reason = missing_reason(text)
    if reason is None and text.strip().casefold() in extra_missing:
        reason = ""
    if reason is not None:
        token = "#N/A" if text == FORMULA_NA else text.strip()
        return Cell(flag=f"missing {token}" + (f": {reason}" if reason else "") if token else None)
    found = parse_number(text, extra_missing)
    if isinstance(found, float):
        wide = wide_digits(text)
        return Cell(number=found, note=f"digits typed full-width or in another script read as {found:g}" if wide
                    else None)
    if (m := PERCENT.match(text)) and isinstance(number := parse_number(m.group(1), extra_missing), float):
        return Cell(number=number, note=f"'{text.strip()}' read as {m.group(1).strip()}: check the unit")
    return Cell(error=found or "not a number")


@dataclass(frozen=True)
class Year:
    """A year cell or header: the year stored, the first year of a range, or an error."""

    year: int | None = None
    first: int | None = None  # a range "2017-2018" is stored as its later year, 2018, with 2017 recorded
    error: str | None = None
    from_date: bool = False  # read from a date (a date cell, or "31.12.2023"): its year taken, with a warning

    @property
    def note(self) -> str | None:
        if self.from_date:
            return DATE_NOTE
        return None if self.first is None else \
            f"year range {self.first}-{self.year}: stored as {self.year} (the edition keeps both years in its name)"


def read_year(cell: object) -> Year:
    """Years as publishers write them: 2000, 2000.0, "2000", "2000 [YR2000]", "YR2000", "FY2023", "2023 г.",
    "2023 год", and ranges "2017-2018", "2012/13", "2012–2013" (stored as the later year). A range that runs
    backwards is an error. A date (a date cell, its text "2023-01-01 00:00:00", or "31.12.2023") gives its year,
    marked `from_date` so that the reader says so."""
    if isinstance(cell, bool) or cell is None:
        return Year(error="the year is missing")
    if isinstance(cell, date | datetime):
        found = _checked(cell.year)
        return Year(year=found.year, error=found.error, from_date=True)
    if isinstance(cell, int | float):
        if cell != cell or cell % 1:
            return Year(error="the year is not a whole number")
        cell = str(int(cell))
    text = str(cell).translate(_SPACES).strip()
    if not text:
        return Year(error="the year is missing")
    if m := _YEAR.match(text):
        return _checked(int(m.group(1)))
    if (m := _DATE_ISO.match(text)) or (m := _DATE_DMY.match(text)):
        y = int(m.group(1) if len(m.group(1)) == 4 else m.group(3))
        found = _checked(y)
        return Year(year=found.year, error=found.error, from_date=True)
    if m := _YEAR_RANGE.match(text):
        first, last = m.group(1), m.group(2)
        if len(last) == 2:
            last = first[:2] + last
        a, b = int(first), int(last)
        if b < a:
            return Year(error=f"the year range {text!r} runs backwards")
        if b == a:
            return _checked(a)
        found = _checked(b)
        return Year(year=found.year, first=a, error=found.error)
    return Year(error="not a year")


def _checked(year: int) -> Year:
    if not YEAR_MIN <= year <= YEAR_MAX:
        return Year(error=f"not a year between {YEAR_MIN} and {YEAR_MAX}")
    return Year(year=year)


def year_of_header(cell: object) -> int | None:
    """The year a column header names (2020, 2020.0, "2020", "2020 [YR2020]", "YR2020"), else None."""
    found = read_year(cell) if cell not in (None, "") else Year(error="")
    return found.year if found.error is None and found.first is None and not found.from_date else None


def missing_defaults(lang: str) -> list[str]:
    """The missing-value markers a mapping starts with in the interface language `lang`."""
    return list(MISSING_DEFAULTS.get(lang, MISSING_DEFAULTS["en"]))


def is_missing_marker(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a cell's text means "no value": a shared marker, a default of any language, or one of `extra`."""
    low = text.translate(_SPACES).strip().casefold()
    return bool(low) and (low in MISSING or low in extra or any(low in m for m in _DEFAULTS_FOLDED))


_DEFAULTS_FOLDED = [frozenset(m.casefold() for m in v) for v in MISSING_DEFAULTS.values()]
