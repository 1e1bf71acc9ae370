"""Interface text in Kazakh, Russian and English from gettext catalogues, with CLDR numbers, plurals and dates."""

from __future__ import annotations

import datetime as dt
import gettext
import math
import re
import string
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern

# The languages of the interface, in the order the switch offers them, each named in itself.
LANGUAGES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DEFAULT = "en"
SOURCE = "en"  # the catalogue whose msgid are the English source text
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
MINUS = "\u2212"  # one minus sign in every language's numbers (CLDR gives "-" for en, ru and kk)
# Where a text has no version in the reader's language (a survey question published only in English), the
# next language a reader of it is most likely to read.
FALLBACK = {"kk": ("kk", "ru", "en"), "ru": ("ru", "en"), "en": ("en",)}


def po_path(code: str) -> Path:
    return LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(code: str) -> Path:
    return po_path(code).with_suffix(".mo")


def read_catalog(code: str) -> Catalog:
    """The language's catalogue: the compiled .mo when it is newer than the .po, else the .po itself."""
    po, mo = po_path(code), mo_path(code)
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as f:
            return read_mo(f)
    with po.open("rb") as f:
        return read_po(f, locale=code, domain=DOMAIN)


class Texts:
    """One language's messages by key (the msgctxt): a text, or a tuple of plural forms."""

    def __init__(self, code: str):
        catalog = read_catalog(code)
        self.code = code
        self.messages: dict[str, str | tuple[str, ...]] = {}
        self.sources: dict[str, str | tuple[str, ...]] = {}  # the English msgid, used where a msgstr is empty
        for message in catalog:
            key = message.context
            if not message.id or key is None:
                continue
            key = key.decode() if isinstance(key, bytes) else key  # Babel's read_mo leaves msgctxt as bytes
            self.sources[key] = tuple(message.id) if isinstance(message.id, (list, tuple)) else message.id
            found = tuple(message.string) if isinstance(message.string, (list, tuple)) else message.string
            empty = not any(found) if isinstance(found, tuple) else not found
            if not empty:
                self.messages[key] = found
        self.plural_index: Callable[[int], int] = gettext.c2py(catalog.plural_expr or "(n != 1)")

    def text(self, key: str) -> str | tuple[str, ...]:
        if key in self.messages:
            return self.messages[key]
        if key in self.sources:  # untranslated: gettext shows the source text (the check test fails on it)
            return self.sources[key]
        raise KeyError(f"no message {key!r} in locales/{self.code}: add it to locales/en (see README, Languages)")


@cache
def texts(code: str) -> Texts:
    return Texts(code)


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


@cache
def _percent_pattern(code: str, decimals: int) -> NumberPattern:
    base = _locale(code).percent_formats[None].pattern  # "#,##0%" (en, kk), "#,##0 %" (ru)
    return parse_pattern(base.replace("#,##0", "#,##0" + ("." + "0" * decimals if decimals > 0 else ""), 1))


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))  # NaN, pd.NA
    except TypeError:  # pd.NA in a boolean context
        return True


FIELD = string.Formatter()
# Message templates of the loaders, by the prefix of their keys in the catalogue.
PROBLEM, HINT, TITLE, PART, ERROR, CLI = "pr_", "prh_", "prt_", "prp_", "err_", "cli_"
DECIMAL = re.compile(r"-?\d+\.\d+")


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a message text."""
    return {name for _, name, _, _ in FIELD.parse(text) if name}


class Language(str):
    """The reader's language for one page run, CLI call or export: `Language("kk").t("app_title")`.

    A str (its code, "kk"), so code written against language codes keeps working; every language-dependent
    choice goes through its methods and the catalogues, never through a test of the code.
    """

    def __new__(cls, code: str | None = None) -> Language:
        if isinstance(code, Language):
            return code
        code = str(code or DEFAULT).strip().lower()
        if code not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
        return super().__new__(cls, code)

    @property
    def code(self) -> str:
        return str.__str__(self)

    @property
    def native_name(self) -> str:
        return LANGUAGES[self.code]

    @property
    def locale(self) -> Locale:
        return _locale(self.code)

    # -- text -------------------------------------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        """The message `key` with its `{name}` placeholders filled from `values`."""
        text = texts(self.code).text(key)
        if isinstance(text, tuple):
            text = text[-1]
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values: object) -> str:
        """The plural form of `key` that `n` takes in this language (Russian: 1 / 2-4 / 5+); `{n}` is filled
        with `n` written as this language writes numbers."""
        forms = texts(self.code).text(key)
        if not isinstance(forms, tuple):
            forms = (forms,)
        index = min(texts(self.code).plural_index(abs(int(n))), len(forms) - 1)
        return forms[index].format(**{"n": self.n(n, 0), **values})

    def has(self, key: str) -> bool:
        return key in texts(self.code).sources

    # -- numbers and dates ------------------------------------------------------------------------------------

    def n(self, value: object, decimals: int = 2, signed: bool = False) -> str:
        """A number as a reader of this language writes it (1,234.5 / 1 234,5), with the minus sign U+2212;
        missing values say so, never 0. `signed` puts + before positive numbers (changes and gaps)."""
        if _is_missing(value):
            return self.t("missing")
        decimals = max(0, int(decimals))
        value = float(value)
        if round(value, decimals) == 0:
            value = 0.0  # never "-0.00"
        text = _pattern(decimals).apply(value, self.locale).replace("-", MINUS)
        return "+" + text if signed and value > 0 else text

    def pct(self, share: object, decimals: int = 0) -> str:
        """A share (0.456) as a percentage in this language: 46% / 46 %."""
        if _is_missing(share):
            return self.t("missing")
        value = float(share)
        if round(value * 100, decimals) == 0:
            value = 0.0
        return _percent_pattern(self.code, max(0, decimals)).apply(value, self.locale).replace("-", MINUS)

    def date(self, value: dt.date | dt.datetime, form: str = "long") -> str:
        """A date in this language's CLDR form: 12 January 2024 / 12 января 2024 г. / 2024 ж. 12 қаңтар."""
        return format_date(value, form, locale=self.locale)

    def datetime(self, value: dt.datetime, form: str = "medium") -> str:
        return format_datetime(value, form, locale=self.locale)

    @property
    def plotly_separators(self) -> str:
        """Plotly's `separators`: decimal mark then thousands separator, from CLDR."""
        symbols = self.locale.number_symbols["latn"]
        return symbols["decimal"] + symbols["group"]

    # -- grammar ----------------------------------------------------------------------------------------------

    def ordinal(self, n: int) -> str:
        """An ordinal numeral written with digits by this language's rules: 1st / 1-е / 1-ші, 6-шы."""
        return self.t(f"ordinal_{ordinal_category(self.code, int(n))}", n=int(n))

    def of(self, n: int, total: int) -> str:
        """"n of N" in this language's word order: 3 of 38 / 3 из 38 / 38 ішінен 3."""
        return self.t("n_of_total", n=self.n(n, 0), total=self.n(total, 0))

    def rank(self, rank: int, total: int) -> str:
        """A rank among `total`: 2nd of 38 / 2-е место из 38 / 38 ішінен 2-орын."""
        return self.t("rank_of_total", ordinal=self.ordinal(rank), total=self.n(total, 0))

    def join(self, items: list[str]) -> str:
        """A list in running text, with this language's conjunction: A, B and C / A, B и C / A, B және C."""
        items = [str(i) for i in items]
        if len(items) < 2:
            return "".join(items)
        return self.t("list_and", head=", ".join(items[:-1]), last=items[-1])

    # -- problems, errors and command-line lines ----------------------------------------------------------

    def message(self, text: str, prefix: str = PROBLEM) -> str:
        """An English message of the loaders (a problem, hint, title, error or command-line line) in this language.

        The loaders write English; each kind of message is a template in the catalogue (locales/en, keys starting
        with `prefix`), so the message's code and parameters are read back from its text, and the text is said
        again in this language with the same parameters. A message no template matches stays as written.
        """
        if not text:
            return text
        found = match(text, prefix)
        if found is None:
            return text
        key, values = found
        return self.t(key, **{name: self._part(value) for name, value in values.items()})

    def _part(self, value: str, depth: int = 0) -> str:
        """A parameter of a message: a catalogued phrase ("the file", "table with the columns ..."), a list of them
        ("a; b"), or a decimal number, said in this language; anything else (names, codes, cells) as it is."""
        if depth > 3:
            return value
        if "; " in value:  # a list: each item on its own (no catalogued phrase holds "; ")
            return "; ".join(self._part(piece, depth + 1) for piece in value.split("; "))
        found = match(value, PART)
        if found is not None:
            key, values = found
            return self.t(key, **{name: self._part(v, depth + 1) for name, v in values.items()})
        if DECIMAL.fullmatch(value):
            return self.n(float(value), len(value.split(".")[1]))
        return value

    def where(self, problem: object) -> str:
        """Where a problem is: file, sheet, row, column, in this language."""
        parts = [problem.file or "?"]
        if problem.sheet:
            parts.append(self.t("loc_sheet", sheet=problem.sheet))
        if problem.row is not None:
            parts.append(self.t("loc_row", row=problem.row))
        if problem.column:
            parts.append(self.t("loc_column", column=problem.column))
        return ", ".join(parts)

    def problem(self, problem: object) -> str:
        """A problem's message in this language: its template (`pr_<code>`) filled with its parameters."""
        code, params = problem.template()
        if not code or not self.has(PROBLEM + code):
            return problem.message
        return self.t(PROBLEM + code, **self._params(params))

    def hint(self, problem: object) -> str:
        """A problem's hint in this language: `prh_<code>` for a problem made with a code, else read back from
        the English hint."""
        if problem.code and self.has(PROBLEM + problem.code):
            return self.t(HINT + problem.code, **self._params(problem.params)) if self.has(HINT + problem.code) \
                else ""
        return self.message(problem.hint, HINT)

    def _params(self, params: dict[str, object]) -> dict[str, object]:
        """A problem's parameters said in this language: whole numbers as it writes them, named choices of the
        survey forms (a scale, a column's role: `sf_<name>_<value>`) and catalogued phrases translated."""
        out = {}
        for name, value in params.items():
            if isinstance(value, bool):
                out[name] = value
            elif isinstance(value, int):
                out[name] = self.n(value, 0)
            elif name == "country" and isinstance(value, str):  # an ISO3 code: the country's name in this language
                out[name] = self.country(value)
            elif isinstance(value, str) and self.has(f"sf_{name}_{value}"):
                out[name] = self.t(f"sf_{name}_{value}")
            elif isinstance(value, str):
                out[name] = self._part(value)
            else:
                out[name] = value
        return out

    def problem_line(self, problem: object) -> str:
        """The whole problem in one line, as Problem.__str__ says it in English."""
        line = self.t("problem_line", where=self.where(problem), message=self.problem(problem))
        value = problem.value
        if isinstance(value, str) and value:
            line += f" ({self.t('loc_value_text', value=value)})"
        elif value is not None and value != "":
            line += f" ({self.t('loc_value', value=value)})"
        if not problem.hint:
            return line
        hint = self.hint(problem)
        return self.t("problem_with_hint", line=line, hint=hint[:1].upper() + hint[1:])

    def title(self, title: str) -> str:
        """The title of a refused file (ValidationError.title)."""
        return self.message(title, TITLE)

    def error(self, error: BaseException) -> str:
        """What a refusal says (HubError, and the few plain errors the command line reports)."""
        return self.message(str(getattr(error, "message", None) or error), ERROR)

    def country(self, iso3: str) -> str:
        """The everyday name of the country `iso3` in this language (data/reference/countries.csv, Kazakh falling
        back to Russian, then English); an unknown code as it is."""
        names = _country_names().get(iso3)
        if not names:
            return iso3
        return next((names[c] for c in FALLBACK[self.code] if names.get(c)), iso3)

    # -- data in this language --------------------------------------------------------------------------------

    def col(self, base: str) -> str:
        """The column holding `base` in this language: "name" -> "name_kk"."""
        return f"{base}_{self.code}"

    def pick(self, row: object, base: str) -> str:
        """`base` of a record (dict, Series or named tuple) in this language, or in the nearest language that
        has it (Kazakh falls back to Russian, then English; last the bare `base` column, which holds English)."""
        for name in [f"{base}_{code}" for code in FALLBACK[self.code]] + [base]:
            value = row.get(name) if hasattr(row, "get") else getattr(row, name, None)
            if isinstance(value, str) and value.strip():
                return value
        return ""

    def column(self, frame: object, base: str) -> object:
        """The column `base` of a DataFrame in this language, holes filled from the fallback languages (and last
        from the bare `base` column)."""
        found = None
        for name in [f"{base}_{code}" for code in FALLBACK[self.code]] + [base]:
            if name in frame:
                column = frame[name].replace("", None)
                found = column if found is None else found.fillna(column)
        if found is None:
            raise KeyError(f"no column {base}_{self.code} (nor a fallback) in {list(frame.columns)}")
        return found


@cache
def _country_names() -> dict[str, dict[str, str]]:
    import csv  # the reference table itself (core does not import etl, which owns the rest of it)

    with (LOCALES_DIR.parent / "data" / "reference" / "countries.csv").open(encoding="utf-8") as f:
        return {r["iso3"]: {c: r.get(f"name_{c}") or "" for c in LANGUAGES} for r in csv.DictReader(f)}


@cache
def _templates(prefix: str) -> list[tuple[str, re.Pattern]]:
    """The English templates whose key starts with `prefix`, as patterns, those with most fixed text first."""
    found = []
    for key, text in texts(SOURCE).sources.items():
        if not key.startswith(prefix):
            continue
        pattern, seen, literal = [], set(), 0
        for fixed, name, _spec, _conversion in FIELD.parse(text if isinstance(text, str) else text[-1]):
            pattern.append(re.escape(fixed))
            literal += len(fixed)
            if name:
                pattern.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
                seen.add(name)
        found.append((literal, key, re.compile("".join(pattern), re.DOTALL)))
    return [(key, regex) for _, key, regex in sorted(found, key=lambda f: -f[0])]


def match(text: str, prefix: str) -> tuple[str, dict[str, str]] | None:
    """(key, parameters) of the catalogued English template `text` was written from, or None."""
    for key, regex in _templates(prefix):
        found = regex.fullmatch(text)
        if found:
            return key, found.groupdict()
    return None


def ordinal_category(code: str, n: int) -> str:
    """The CLDR ordinal category of `n` ("one", "two", "few", "many", "other"), as the catalogue's ordinal_*
    keys are named; a language with a correction in ORDINAL_RULES uses that instead of CLDR's rule."""
    rule = ORDINAL_RULES.get(code)
    return rule(n) if rule else _locale(code).ordinal_form(n)


def _kazakh_ordinal(n: int) -> str:
    """Kazakh: CLDR's rule (n % 10 in 6, 9, 0 -> "many") mis-reads 50, 70, 80, 100, 200 ...: the suffix follows
    the vowel of the number's last spoken word (алты-ншы, тоғыз-ыншы, он-ыншы, but елу-інші, жүз-інші, and
    мың-ыншы), so "many" (-шы) is taken from that word."""
    return "many" if _kazakh_back_vowel(n) else "other"


def _kazakh_back_vowel(n: int) -> bool:
    n = abs(n)
    if n == 0:
        return False  # нөлінші
    back_units = {6, 9}  # алты, тоғыз
    back_tens = {1, 2, 3, 4, 6, 9}  # он, жиырма, отыз, қырық, алпыс, тоқсан (елу, жетпіс, сексен are front)
    if n % 10:
        return n % 10 in back_units
    if n % 100:
        return (n % 100) // 10 in back_tens
    if n % 1000:
        return False  # жүз
    if n % 1_000_000:
        return True  # мың
    return True  # миллион, миллиард


ORDINAL_RULES: dict[str, Callable[[int], str]] = {"kk": _kazakh_ordinal}


def with_unit(name: str, unit: str) -> str:
    """"Name (unit)", or "Name, unit" where either already holds brackets: never "балл (балл (0–100))"; a unit
    that starts with the name's last word says only the rest ("…: score" + "score, 0–100" -> "…: score (0–100)")."""
    if not unit:
        return name
    head, _, rest = unit.partition(", ")
    if rest and head.lower() == name.rsplit(" ", 1)[-1].lower():
        unit = rest
    return f"{name}, {unit}" if "(" in name or "(" in unit else f"{name} ({unit})"


def language(code: object = None) -> Language:
    """`code` as a Language (a Language passes through unchanged)."""
    return Language(code)


# Shorthands kept for code written against language codes: t("key", lang) and number(value, decimals, lang).
def t(key: str, lang: str = DEFAULT, **values: object) -> str:
    return Language(lang).t(key, **values)


def number(value: object, decimals: int = 2, lang: str = DEFAULT) -> str:
    return Language(lang).n(value, decimals)


def keys() -> set[str]:
    """Every message key of the English source catalogue."""
    return set(texts(SOURCE).sources)

