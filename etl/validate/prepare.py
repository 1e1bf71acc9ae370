"""Checks before a load: harmonise countries, check indicators, years, duplicates and scales of a parsed file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.errors import Problem, ValidationError
from core.i18n import Language
from etl import catalogue
from etl.harmonise import countries
from etl.model import MEASURES, IndicatorMeta, Parsed, is_breakdown
from etl.read.frames import all_distinct, text_categories, value_codes

YEAR_MIN, YEAR_MAX = 1900, 2100
MAX_LISTED = 200  # problems of one kind listed one by one; the rest are counted
# A value beyond its indicator's scale by more than this many times the scale's span is refused, not warned
# about: 0-100 percent allows -10,000 to 10,100 with a warning, nothing beyond.
FAR_BEYOND_SCALE = 100
MAX_FAR_LISTED = 20
MAX_UNMATCHED_LISTED = 20  # unrecognised country names listed (each with a suggestion); the rest are counted

Progress = Callable[[str], None]


@dataclass
class LoadReport:
    """What a load did, for the CLI, the upload page and the batch record."""

    file: str
    format: str
    source_id: str
    rows_in_file: int
    batch_id: int | None = None
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    already_loaded: int | None = None
    unmatched: dict[str, int] = field(default_factory=dict)
    aggregates: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    demo_removed: dict[str, int] = field(default_factory=dict)  # rows of demo data this load removed, per table

    def as_record(self) -> dict:
        return {
            "format": self.format,
            "rows_in_file": self.rows_in_file,
            "unmatched_countries": dict(list(self.unmatched.items())[:MAX_LISTED]),
            "unmatched_names": len(self.unmatched),
            "skipped_aggregates": self.aggregates,
            "warnings": [str(w) for w in self.warnings],
        }

    def lines(self, lang: str = "en") -> list[str]:
        """The report as the command line prints it, in `lang`."""
        lang = Language(lang)
        if self.already_loaded is not None:
            return [lang.t("cli_already", file=self.file, batch=self.already_loaded)]
        out = [
            lang.t("cli_loaded", file=self.file, batch=self.batch_id, format=self.format, source=self.source_id),
            lang.t("cli_counts", n=self.rows_in_file, added=self.added, replaced=self.replaced,
                   unchanged=self.unchanged),
        ]
        if self.unmatched:
            out.append(lang.t("cli_unmatched", n=sum(self.unmatched.values())))
            names = sorted(self.unmatched.items())
            out += [lang.t("cli_unmatched_row", name=repr(name), n=n) for name, n in names[:MAX_UNMATCHED_LISTED]]
            if len(names) > MAX_UNMATCHED_LISTED:
                out.append(lang.t("cli_unmatched_more", n=lang.n(len(names) - MAX_UNMATCHED_LISTED, 0)))
        if self.aggregates:
            out.append(lang.t("cli_aggregates", n=sum(self.aggregates.values()),
                              names=", ".join(sorted(self.aggregates))))
        out += [lang.t("cli_warning", warning=lang.problem_line(w)) for w in self.warnings]
        if self.demo_removed:
            out.append(demo_removed_line(self.demo_removed, lang))
        return out


def demo_removed_line(removed: dict[str, int], lang: str = "en") -> str:
    """What loading published data removed of the demo data the store held (it is never kept beside it)."""
    lang = Language(lang)
    parts = ", ".join(f"{table} {lang.n(n, 0)}" for table, n in sorted(removed.items()))
    return lang.t("cli_demo_removed", parts=parts)


@dataclass
class Prepared:
    """A parsed file made ready for the store: ISO3 codes, checked keys, problems sorted out."""

    parsed: Parsed
    rows: pd.DataFrame  # indicator_code, iso3, year, breakdown, value, the MEASURES the file holds, flags
    report: LoadReport
    where: pd.DataFrame | None = None  # sheet, row, column in the file of each of `rows`


def prepare(parsed: Parsed, file_name: str, known_codes: set[str] | frozenset[str] = frozenset()) -> Prepared:
    """Harmonise and check a parsed file; raise ValidationError listing every blocking problem.

    `known_codes`: indicators beyond the catalogue that the store already holds (declared by earlier uploads).
    """
    obs = parsed.observations
    problems = [p for p in parsed.problems]
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]

    names = text_categories(obs["country_name"], str.strip)
    codes = None
    if "country_code" in obs and obs["country_code"].notna().any():  # a file without codes has a column of None
        codes = text_categories(obs["country_code"], str.strip)
    found = countries.harmonize(names, codes)
    iso3 = found.iso3

    first = _first_seen(obs, names, codes, iso3) if found.unmatched else {}
    warnings += _unmatched(first, found, file_name)
    if found.unmatched and not iso3.notna().any():
        listed = ", ".join(repr(name) for name in list(first)[:5])
        errors.append(Problem(
            f"none of the {len(found.unmatched):,} country names in the file is recognised (the first: {listed}); "
            "nothing could be loaded", file=file_name, column="country",
            hint="check that the country column holds country names or ISO codes; add other names to "
                 "data/reference/country_aliases.csv"))

    known = catalogue.indicators().keys() | {m.code for m in parsed.indicators} | set(known_codes)
    unknown = sorted(set(obs["indicator_code"].unique()) - known)  # distinct codes: not 3.6 million strings
    for code in unknown:
        errors.append(Problem("indicator not in the catalogue", file=file_name, column="indicator", value=code,
                              hint="declare it in the file's metadata sheet or data/reference/indicators.csv"))

    years = pd.to_numeric(obs["year"], errors="coerce")
    bad_year = years.isna() | (years % 1 != 0) | (years < YEAR_MIN) | (years > YEAR_MAX)
    errors += _located(
        obs[bad_year], file_name, "year", f"year is not a whole number between {YEAR_MIN} and {YEAR_MAX}",
        "type the year as four digits, e.g. 2023", obs.loc[bad_year, "year"],
    )

    breakdown = breakdowns(obs)
    errors += _bad_breakdowns(obs, breakdown, file_name)

    keep = iso3.notna() & ~bad_year
    rows = pd.DataFrame({
        "indicator_code": text_categories(obs["indicator_code"]),
        "iso3": iso3,
        "year": years.where(~bad_year).astype("Int16"),
        "breakdown": breakdown,
        "value": obs["value"].astype("Float64"),
        **{m: obs[m].astype("Float64") for m in MEASURES if m in obs},  # one no cell holds is not built
        "flags": text_categories(obs["flags"]) if "flags" in obs else pd.Series(pd.NA, index=obs.index,
                                                                             dtype="string"),
    }, copy=False)
    located = obs
    if not keep.all():  # most files: every row is kept, and neither table is copied
        rows, located = rows[keep], obs[keep]

    if _may_repeat_keys(rows):
        dup = rows.duplicated(["indicator_code", "iso3", "year", "breakdown"], keep=False)
        if dup.any():
            errors += _duplicates(located[dup], rows[dup], file_name)

    for problem in _outside_scale(rows, located, file_name, parsed.indicators):
        (errors if problem.severity == "error" else warnings).append(problem)

    report = LoadReport(
        file=file_name, format=parsed.format, source_id=parsed.source.source_id, rows_in_file=len(obs),
        unmatched=dict(found.unmatched), aggregates=dict(found.aggregates), warnings=warnings,
    )
    if errors:
        raise ValidationError(f"{file_name}: {len(errors)} problem(s) found; nothing was loaded", errors, warnings)
    return Prepared(parsed=parsed, rows=rows.reset_index(drop=True), report=report,
                    where=located[["sheet", "row", "column"]].reset_index(drop=True))


def breakdowns(obs: pd.DataFrame) -> pd.Series:
    """The observations' breakdown column as text, "" (the total) where a reader gives none."""
    if "breakdown" not in obs:
        total = pd.Categorical.from_codes(np.zeros(len(obs), dtype=np.int8), categories=pd.Index([""], dtype="str"))
        return pd.Series(total, index=obs.index, copy=False)  # one code a row, no text
    return text_categories(obs["breakdown"], str.strip, missing="")


def _bad_breakdowns(obs: pd.DataFrame, breakdown: pd.Series, file_name: str) -> list[Problem]:
    """Breakdowns not written as `dimension=code` pairs in sorted dimension order (each distinct text checked once:
    `breakdown` is categorical, as `breakdowns` gives it)."""
    bad = {text for text in breakdown.cat.categories if text != "" and not is_breakdown(text)}
    if not bad:  # most files: the rows are not looked at
        return []
    out = []
    for text in breakdown.unique():  # each bad text where it first appears, in the file's order
        if text not in bad:
            continue
        first = obs.loc[breakdown == text].iloc[0]
        out.append(Problem(
            "breakdown not written as dimension=code pairs", file=file_name, sheet=first["sheet"],
            row=int(first["row"]), column="breakdown", value=text,
            hint="write e.g. sex=F or level=central;sex=F: lower-case dimensions in alphabetical order, "
                 "each once, joined by ';'; leave it empty for the total",
        ))
    return out


def _first_seen(obs: pd.DataFrame, names: pd.Series, codes: pd.Series | None, iso3: pd.Series) -> dict[str, tuple]:
    """Each unrecognised name (the code where the name is empty) -> (sheet, row) where it first appears, in file
    order: one pass over the rows, whatever the number of names."""
    missing = iso3.isna().to_numpy()
    raw = names[missing]
    if codes is not None:
        blank = raw.isna() | (raw == "")
        raw = raw.where(~blank, codes[missing])
    first = pd.DataFrame({"raw": raw.fillna("").astype(str), "sheet": obs["sheet"][missing],
                          "row": obs["row"][missing]}).drop_duplicates("raw")
    return {r: (s, w) for r, s, w in zip(first["raw"], first["sheet"], first["row"], strict=True)}


def _unmatched(first: dict[str, tuple], found: countries.Harmonized, file_name: str) -> list[Problem]:
    """A warning for each of the first unrecognised names (`first`: where each appears first), with a
    suggestion, then one counting the rest."""
    if not found.unmatched:
        return []
    order = [raw for raw in first if raw in found.unmatched] + [r for r in found.unmatched if r not in first]
    out = []
    for raw in order[:MAX_UNMATCHED_LISTED]:
        sheet, row = first.get(raw, (None, None))
        guess = countries.suggest(str(raw))
        hint = (f"did you mean {guess[0][1]} ({guess[0][0]})? " if guess else "") + (
            "Add the name to data/reference/country_aliases.csv if it is a country"
        )
        out.append(Problem(
            f"country not recognised; its {found.unmatched[raw]} row(s) are not loaded", file=file_name, sheet=sheet,
            row=None if row is None else int(row), column="country", value=raw, hint=hint, severity="warning",
        ))
    rest = order[MAX_UNMATCHED_LISTED:]
    if rest:
        rows = sum(found.unmatched[r] for r in rest)
        out.append(Problem(
            f"... and {len(rest):,} more country names not recognised ({rows:,} rows not loaded), the next: "
            + ", ".join(repr(r) for r in rest[:5]), file=file_name, column="country",
            hint="add the names of real countries to data/reference/country_aliases.csv", severity="warning"))
    return out


def _may_repeat_keys(rows: pd.DataFrame) -> bool:
    """False when no two rows share indicator, country, year and breakdown: one int64 key per row, all distinct
    (etl.read.frames.all_distinct), far less memory and time than pandas' duplicated(), which runs only when this is
    True."""
    if rows["breakdown"].nunique() > 1:
        return True  # a file with breakdowns: the exact check runs
    ind, ind_values = value_codes(rows["indicator_code"])
    iso, iso_values = value_codes(rows["iso3"])
    year = rows["year"].to_numpy(dtype="int64", na_value=YEAR_MIN - 1)
    first = int(year.min(initial=YEAR_MAX))
    width, span = len(iso_values) + 1, int(year.max(initial=first)) - first + 1
    size = (len(ind_values) + 1) * width * span
    if size >= 2**62:
        return True
    key = np.add(ind, 1, dtype=np.int64)  # ((indicator + 1) * width + country + 1) * span + year - first
    key *= width
    key += iso
    key += 1
    key *= span
    key += year
    key -= first
    return not all_distinct(key, size)


def _located(frame: pd.DataFrame, file_name: str, column: str, message: str, hint: str,
             values: pd.Series) -> list[Problem]:
    out = [
        Problem(message, file=file_name, sheet=s, row=int(r), column=column, value=v, hint=hint)
        for s, r, v in zip(frame["sheet"][:MAX_LISTED], frame["row"][:MAX_LISTED], values[:MAX_LISTED], strict=True)
    ]
    if len(frame) > MAX_LISTED:
        out.append(Problem(f"... and {len(frame) - MAX_LISTED} more rows with the same problem",
                           file=file_name, column=column))
    return out


def _duplicates(located: pd.DataFrame, rows: pd.DataFrame, file_name: str) -> list[Problem]:
    out = []
    groups = located.assign(iso3=rows["iso3"].values, _ind=rows["indicator_code"].values,
                            _year=rows["year"].values, _bd=rows["breakdown"].values
                            ).groupby(["_ind", "iso3", "_year", "_bd"], sort=True)
    for (ind, iso, year, bd), g in groups:
        if len(out) >= MAX_LISTED:
            out.append(Problem(f"... and more duplicated rows ({groups.ngroups} keys in all)", file=file_name))
            break
        where = ", ".join(str(int(r)) for r in g["row"])
        group = f" / {bd}" if bd else ""
        out.append(Problem(
            f"the same indicator, country{', year and breakdown' if bd else ' and year'} appears {len(g)} times "
            f"(rows {where})", file=file_name, sheet=g["sheet"].iloc[0], row=int(g["row"].iloc[1]),
            column="country", value=f"{ind} / {iso} / {year}{group}",
            hint="keep one row per indicator, country, year and breakdown",
        ))
    return out


def _outside_scale(rows: pd.DataFrame, located: pd.DataFrame, file_name: str,
                   declared: list[IndicatorMeta] = ()) -> list[Problem]:
    """Per indicator with values beyond its catalogued (or declared) scale, naming the first one: a warning, or an
    error when a value lies beyond the scale by more than FAR_BEYOND_SCALE times its span (not a plausible
    figure: a unit or a typo)."""
    out = []
    metas = {**catalogue.indicators(), **{m.code: m for m in declared}}
    scaled = [c for c, m in metas.items() if m.scale_min is not None and m.scale_max is not None]
    rows = rows[rows["indicator_code"].isin(scaled)]  # only indicators with a scale are grouped
    for code, idx in rows.groupby("indicator_code").groups.items():
        meta = metas[code]
        values = rows.loc[idx, "value"].astype(float).to_numpy(na_value=np.nan)
        span = max(meta.scale_max - meta.scale_min, 1e-9)
        far = np.flatnonzero((values < meta.scale_min - FAR_BEYOND_SCALE * span)
                             | (values > meta.scale_max + FAR_BEYOND_SCALE * span))
        for i in far[:MAX_FAR_LISTED]:
            first = located.loc[idx[i]]
            out.append(Problem(
                f"a value of {code} far outside its scale {meta.scale_min:g} to {meta.scale_max:g}: not a plausible "
                "figure", file=file_name, sheet=first["sheet"], row=int(first["row"]), column=first["column"],
                value=float(values[i]), hint="check the unit, the decimal separator and the sign"))
        bad = np.setdiff1d(np.flatnonzero((values < meta.scale_min) | (values > meta.scale_max)), far)
        if len(bad):
            first = located.loc[idx[bad[0]]]
            out.append(Problem(
                f"{len(bad)} value(s) of {code} outside its scale {meta.scale_min:g} to {meta.scale_max:g}, "
                "the first here", file=file_name, sheet=first["sheet"], row=int(first["row"]),
                column=first["column"], value=float(values[bad[0]]),
                hint="check the unit (percent or share?) and the sign", severity="warning",
            ))
    return out


