"""Country reference data (names, regions, groups, Hub membership) and harmonisation of country names."""

from __future__ import annotations

import difflib
import gettext
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pycountry

from core.settings import REFERENCE_DIR
from etl.read.frames import value_codes

LANGUAGES = ("en", "ru", "kk")
HUB_GROUP = "HUB"
HUB_CONFIRMED_GROUP = "HUB_CONFIRMED"  # the participants whose participation is confirmed

# Applied before Unicode decomposition: one apostrophe, dashes become spaces, dots go, & reads "and".
_PUNCTUATION = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ", "\u2014": " ",
    ".": "", "&": " and ",
})


@dataclass
class Harmonized:
    """ISO3 codes for the rows of a file, and the names that did not resolve to a country."""

    iso3: pd.Series  # aligned to the input index; <NA> where unmatched or an aggregate
    unmatched: dict[str, int] = field(default_factory=dict)  # raw text as written -> number of rows
    aggregates: dict[str, int] = field(default_factory=dict)  # regional / income aggregates, skipped


@dataclass(frozen=True)
class _Index:
    codes: dict[str, str]  # code key -> iso3
    names: dict[str, str]  # name key -> iso3
    aggregate_codes: frozenset[str]
    aggregate_names: frozenset[str]


def _key(text: object) -> str:
    """Comparison key of a name: no case, accents, dots or extra spaces; one kind of apostrophe and dash."""
    text = str(text).translate(_PUNCTUATION)
    if not text.isascii():  # ASCII has no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _code_key(value: object) -> str:
    """Comparison key of a code: upper case; numeric codes zero-padded to three digits (ISO 3166 numeric)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().upper()
    return text.zfill(3) if text.isdigit() else text


def _looks_like_code(text: str) -> bool:
    return 2 <= len(text) <= 3 and text.isascii() and text.isalnum() and text.upper() == text


def _blank(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if not isinstance(value, str) and pd.isna(value):
        return True
    return not str(value).strip()


def _read(name: str) -> pd.DataFrame:
    """A reference CSV as text, cells stripped; "NA" (Namibia's code) stays text; an Excel BOM is ignored."""
    frame = pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.apply(lambda column: column.str.strip())


def _check_known(frame: pd.DataFrame, file_name: str) -> None:
    known = set(_countries()["iso3"])
    unknown = sorted(set(frame["iso3"]) - known)
    if unknown:
        raise ValueError(f"{REFERENCE_DIR / file_name}: iso3 not in countries.csv: {', '.join(unknown)}")


@cache
def _countries() -> pd.DataFrame:
    frame = _read("countries.csv")
    duplicated = frame.loc[frame["iso3"].duplicated(), "iso3"].tolist()
    if duplicated:
        raise ValueError(f"{REFERENCE_DIR / 'countries.csv'}: iso3 listed twice: {', '.join(duplicated)}")
    return frame


@cache
def _hub_members() -> pd.DataFrame:
    frame = _read("hub_members.csv")
    _check_known(frame, "hub_members.csv")
    problems = []
    for number, row in enumerate(frame.itertuples(index=False), start=2):
        if row.certain.lower() not in ("true", "false", ""):
            problems.append(f"line {number}: certain must be true or false, not {row.certain!r}")
        if row.member_since and not (row.member_since.isdigit() and len(row.member_since) == 4):
            problems.append(f"line {number}: member_since must be a year like 2013, not {row.member_since!r}")
    if frame["iso3"].duplicated().any():
        problems.append("iso3 listed twice: " + ", ".join(frame.loc[frame["iso3"].duplicated(), "iso3"]))
    if problems:
        raise ValueError(f"{REFERENCE_DIR / 'hub_members.csv'}: " + "; ".join(problems))
    return frame


@cache
def _aliases() -> pd.DataFrame:
    frame = _read("country_aliases.csv")
    _check_known(frame, "country_aliases.csv")
    return frame


@cache
def _index() -> _Index:
    """Every known code and name, later sources overriding earlier ones: gettext translations of pycountry's
    names, pycountry's English names, countries.csv, then the curated alias table."""
    countries = _countries()
    known = set(countries["iso3"])
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    catalogs = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
                for lang in ("ru", "kk")]
    english: dict[str, list[str]] = {}
    for country in pycountry.countries:
        if country.alpha_3 not in known:
            continue
        for code in (country.alpha_3, country.alpha_2, country.numeric):
            codes[_code_key(code)] = country.alpha_3
        english[country.alpha_3] = [
            text for text in (country.name, getattr(country, "official_name", None),
                              getattr(country, "common_name", None)) if text
        ]
    translated: dict[str, str | None] = {}  # None: two countries share the translation (catalog errors exist)
    for iso3, texts in english.items():
        for catalog in catalogs:
            for text in texts:
                found = _key(catalog.gettext(text))
                translated[found] = iso3 if translated.get(found, iso3) == iso3 else None
    names.update({found: iso3 for found, iso3 in translated.items() if iso3})
    for iso3, texts in english.items():
        for text in texts:
            names[_key(text)] = iso3
    for row in countries.itertuples(index=False):
        codes[_code_key(row.iso3)] = row.iso3
        for text in (row.name_en, row.name_ru, row.name_kk):
            if text:
                names[_key(text)] = row.iso3
    for row in _aliases().itertuples(index=False):
        names[_key(row.alias)] = row.iso3
        if _looks_like_code(row.alias):
            codes[_code_key(row.alias)] = row.iso3
    aggregates = _read("aggregates.csv")
    return _Index(
        codes=codes,
        names=names,
        aggregate_codes=frozenset(_code_key(c) for c in aggregates["code"] if c),
        aggregate_names=frozenset(_key(n) for n in aggregates["name"] if n),
    )


def _resolve(name: object, code: object) -> tuple[str | None, bool]:
    """(iso3, is_aggregate) for one name/code pair: a known code wins, then the name."""
    index = _index()
    if not _blank(code):
        found = _code_key(code)
        if found in index.codes:
            return index.codes[found], False
        if found in index.aggregate_codes:
            return None, True
    if not _blank(name):
        found = _key(name)
        if found in index.names:
            return index.names[found], False
        as_code = _code_key(name)  # a name column holding ISO3 or numeric codes; not "NA" (Namibia, alpha-2)
        if len(as_code) == 3 and as_code in index.codes:
            return index.codes[as_code], False
        if found in index.aggregate_names or as_code in index.aggregate_codes:
            return None, True
    return None, False


def harmonize(names: pd.Series, codes: pd.Series | None = None) -> Harmonized:
    """ISO3 code of every row from its country name and, where given, its code (matched by position).

    Each distinct name/code pair is resolved once. No row is dropped: rows that are not a country get <NA>,
    and are counted in `aggregates` (World Bank / TI regional and income groups) or `unmatched` (the rest),
    keyed by the name as written (the code where the name is empty)."""
    if codes is not None and len(codes) != len(names):
        raise ValueError(f"names and codes differ in length: {len(names)} and {len(codes)}")
    name_ids, name_values = value_codes(_plain(names))
    code_ids, code_values = value_codes(_plain(codes)) if codes is not None else (-1, [])  # -1: no code
    width = len(code_values) + 1
    # a number for each name and code written together (0: neither), counted in an array as long as the largest
    # number where that is no longer than the rows, else (many names with many codes) numbered by pandas
    pair, numbers = (name_ids.astype(np.int64) + 1) * width + (code_ids + 1), None
    if pair.max(initial=0) >= len(pair):
        pair, numbers = pd.factorize(pair)
    counts = np.bincount(pair)
    present = np.flatnonzero(counts)

    resolved: list[str | None] = []
    unmatched: dict[str, int] = {}
    aggregates: dict[str, int] = {}
    name_values = np.asarray(name_values, dtype=object).tolist()  # plain lists: fast to index one by one
    code_values = np.asarray(code_values, dtype=object).tolist()
    for number, count in zip(present.tolist(), counts[present].tolist(), strict=True):
        name_id, code_id = divmod(number if numbers is None else int(numbers[number]), width)
        name = name_values[name_id - 1] if name_id else None
        code = code_values[code_id - 1] if code_id else None
        iso3, is_aggregate = _resolve(name, code)
        resolved.append(iso3)
        if iso3 is None:
            raw = str(name) if not _blank(name) else ("" if _blank(code) else str(code))
            target = aggregates if is_aggregate else unmatched
            target[raw] = target.get(raw, 0) + count
    codes, found = pd.factorize(pd.Index(resolved, dtype=object), sort=True)  # each code once, sorted
    code_of = np.full(len(counts), -1, dtype=np.int16)  # each pair's code; a few hundred countries
    code_of[present] = codes
    iso3 = pd.Series(pd.Categorical.from_codes(code_of[pair], categories=pd.Index(found, dtype="str")),
                     index=names.index, copy=False)  # a small code a row
    return Harmonized(iso3=iso3, unmatched=_by_count(unmatched), aggregates=_by_count(aggregates))


def _plain(values: pd.Series) -> pd.Series | np.ndarray:
    """Values to factorize: Arrow-backed or categorical text as it is (factorized in C), anything else as objects."""
    return values if isinstance(values.dtype, pd.StringDtype | pd.CategoricalDtype) else \
        values.to_numpy(dtype=object)


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


SHORTLIST = 40  # candidates sharing the most trigrams with a name, compared closely (difflib) for suggestions


@cache
def _suggestion_index() -> tuple[list[str], dict[str, str], dict[str, list[int]]]:
    """Every known name key (longer than 3 characters), its ISO3 code, and the keys holding each trigram."""
    names = _index().names
    keys = sorted(k for k in names if len(k) > 3)
    grams: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        for gram in _trigrams(key):
            grams[gram].append(i)
    return keys, {k: names[k] for k in keys}, dict(grams)


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def suggest(text: str, n: int = 3) -> list[tuple[str, str]]:
    """Up to `n` countries (iso3, name_en) whose names or aliases in any language are close to `text`.

    The names sharing the most character trigrams with `text` are looked up in an index, and only those few
    are compared closely, so one suggestion costs the same however many names the reference holds."""
    keys, iso3_of, grams = _suggestion_index()
    wanted = _key(text)
    shared: Counter[int] = Counter()
    for gram in _trigrams(wanted):
        shared.update(grams.get(gram, ()))
    shortlist = [keys[i] for i, _ in shared.most_common(SHORTLIST)]
    found: list[tuple[str, str]] = []
    for match in difflib.get_close_matches(wanted, shortlist, n=max(10, 5 * n), cutoff=0.6):
        iso3 = iso3_of[match]
        if all(iso3 != seen for seen, _ in found):
            found.append((iso3, _names_by_iso3()[iso3]["en"]))
        if len(found) == n:
            break
    return found


@cache
def _country_table() -> pd.DataFrame:
    table = _countries().copy()
    hub = _hub_members()
    table = table.merge(hub, on="iso3", how="left", validate="one_to_one")
    table["is_hub_member"] = table["iso3"].isin(hub["iso3"])
    table["member_since"] = pd.to_numeric(table["member_since"].replace("", None)).astype("Int64")
    certain = table["certain"].str.lower().map({"true": True, "false": False})
    table["membership_certain"] = certain.astype("boolean")
    table["membership_note"] = table["source_note"].replace("", None).astype("string")
    for column in ("iso3", "name_en", "name_ru", "name_kk", "region"):
        table[column] = table[column].replace("", None).astype("string")
    columns = ["iso3", "name_en", "name_ru", "name_kk", "region", "is_hub_member", "member_since",
               "membership_certain", "membership_note"]
    return table[columns]


def country_table() -> pd.DataFrame:
    """One row per country in countries.csv with its names, World Bank region and Hub membership.

    Columns: iso3, name_en, name_ru, name_kk, region, is_hub_member (bool), member_since (Int64),
    membership_certain (boolean, <NA> for non-members), membership_note."""
    return _country_table().copy()


@cache
def _group_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    groups = _read("country_groups.csv")[["group_code", "name_en", "name_ru", "name_kk", "kind"]]
    listed = _read("country_group_members.csv")[["group_code", "iso3"]]
    _check_known(listed, "country_group_members.csv")
    undeclared = sorted(set(listed["group_code"]) - set(groups["group_code"]))
    if undeclared:
        raise ValueError(f"country_group_members.csv: groups missing from country_groups.csv: {undeclared}")
    participants = _hub_members()
    confirmed = participants.loc[participants["certain"].str.lower() == "true", "iso3"]
    hub = pd.concat([pd.DataFrame({"group_code": HUB_GROUP, "iso3": participants["iso3"]}),
                     pd.DataFrame({"group_code": HUB_CONFIRMED_GROUP, "iso3": confirmed})], ignore_index=True)
    regions = _countries().loc[lambda c: c["region"] != "", ["region", "iso3"]]
    regions = regions.rename(columns={"region": "group_code"})
    members = pd.concat([hub, listed, regions], ignore_index=True).drop_duplicates(ignore_index=True)
    undeclared = sorted(set(members["group_code"]) - set(groups["group_code"]))
    if undeclared:
        raise ValueError(f"country_groups.csv lacks groups used as HUB or regions: {undeclared}")
    return groups.reset_index(drop=True), members


def group_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(groups: group_code, name_en, name_ru, name_kk, kind; members: group_code, iso3).

    Members are country_group_members.csv plus HUB (and HUB_CONFIRMED, its confirmed members) from
    hub_members.csv and the World Bank regions from
    the region column of countries.csv."""
    groups, members = _group_tables()
    return groups.copy(), members.copy()


def country_name(iso3: str, lang: str = "en") -> str:
    """Everyday name of `iso3` in `lang` (en, ru, kk; missing Kazakh falls back to Russian).

    An unknown code comes back unchanged, so that a display never fails on a code the reference lacks."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    names = _names_by_iso3()
    if iso3 not in names:
        return iso3
    found = names[iso3]
    return found[lang] or found["ru"] or found["en"]


@cache
def _names_by_iso3() -> dict[str, dict[str, str]]:
    return {
        row.iso3: {"en": row.name_en, "ru": row.name_ru, "kk": row.name_kk}
        for row in _countries().itertuples(index=False)
    }


def _clear_caches() -> None:
    """Forget every parsed reference file (tests that point REFERENCE_DIR elsewhere)."""
    for cached in (_countries, _hub_members, _aliases, _index, _suggestion_index, _country_table,
                   _group_tables, _names_by_iso3):
        cached.cache_clear()
