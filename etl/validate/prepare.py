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
from etl.model import IndicatorMeta, Parsed
from etl.read.frames import text_column

YEAR_MIN, YEAR_MAX = 1900, 2100
MAX_LISTED = 200  # problems of one kind listed one by one; the rest are counted

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

    def as_record(self) -> dict:
        return {
            "format": self.format,
            "rows_in_file": self.rows_in_file,
            "unmatched_countries": self.unmatched,
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
            out += [lang.t("cli_unmatched_row", name=repr(name), n=n)
                    for name, n in sorted(self.unmatched.items())]
        if self.aggregates:
            out.append(lang.t("cli_aggregates", n=sum(self.aggregates.values()),
                              names=", ".join(sorted(self.aggregates))))
        out += [lang.t("cli_warning", warning=lang.problem_line(w)) for w in self.warnings]
        return out


@dataclass
class Prepared:
    """A parsed file made ready for the store: ISO3 codes, checked keys, problems sorted out."""

    parsed: Parsed
    rows: pd.DataFrame  # indicator_code, iso3, year, value, std_error, lower, upper, n_sources, flags
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

    names = text_column(obs["country_name"], str.strip)
    codes = text_column(obs["country_code"], str.strip) if "country_code" in obs else None
    found = countries.harmonize(names, codes)
    iso3 = found.iso3

    for raw, count in sorted(found.unmatched.items()):
        first = obs.loc[iso3.isna() & ((names == raw) | (codes == raw if codes is not None else False))]
        row = int(first["row"].iloc[0]) if len(first) else None
        sheet = first["sheet"].iloc[0] if len(first) else None
        guess = countries.suggest(str(raw))
        hint = (f"did you mean {guess[0][1]} ({guess[0][0]})? " if guess else "") + (
            "Add the name to data/reference/country_aliases.csv if it is a country"
        )
        warnings.append(Problem(
            f"country not recognised; its {count} row(s) are not loaded", file=file_name, sheet=sheet, row=row,
            column="country", value=raw, hint=hint, severity="warning",
        ))

    known = catalogue.indicators().keys() | {m.code for m in parsed.indicators} | set(known_codes)
    unknown = sorted(set(obs["indicator_code"]) - known)
    for code in unknown:
        errors.append(Problem("indicator not in the catalogue", file=file_name, column="indicator", value=code,
                              hint="declare it in the file's metadata sheet or data/reference/indicators.csv"))

    years = pd.to_numeric(obs["year"], errors="coerce")
    bad_year = years.isna() | (years % 1 != 0) | (years < YEAR_MIN) | (years > YEAR_MAX)
    errors += _located(
        obs[bad_year], file_name, "year", f"year is not a whole number between {YEAR_MIN} and {YEAR_MAX}",
        "type the year as four digits, e.g. 2023", obs.loc[bad_year, "year"],
    )

    keep = iso3.notna() & ~bad_year
    rows = pd.DataFrame({
        "indicator_code": text_column(obs["indicator_code"]),
        "iso3": iso3.astype("string"),
        "year": years.where(~bad_year).astype("Int16"),
        "value": obs["value"].astype("Float64"),
        "std_error": obs["std_error"].astype("Float64"),
        "lower": obs["lower"].astype("Float64"),
        "upper": obs["upper"].astype("Float64"),
        "n_sources": obs["n_sources"].astype("Float64"),
        "flags": text_column(obs["flags"]) if "flags" in obs else pd.Series(pd.NA, index=obs.index,
                                                                             dtype="string"),
    }, copy=False)
    located = obs
    if not keep.all():  # most files: every row is kept, and neither table is copied
        rows, located = rows[keep], obs[keep]

    if _may_repeat_keys(rows):
        dup = rows.duplicated(["indicator_code", "iso3", "year"], keep=False)
        if dup.any():
            errors += _duplicates(located[dup], rows[dup], file_name)

    warnings += _outside_scale(rows, located, file_name, parsed.indicators)

    report = LoadReport(
        file=file_name, format=parsed.format, source_id=parsed.source.source_id, rows_in_file=len(obs),
        unmatched=dict(found.unmatched), aggregates=dict(found.aggregates), warnings=warnings,
    )
    if errors:
        raise ValidationError(f"{file_name}: {len(errors)} problem(s) found; nothing was loaded", errors, warnings)
    return Prepared(parsed=parsed, rows=rows.reset_index(drop=True), report=report,
                    where=located[["sheet", "row", "column"]].reset_index(drop=True))


def _may_repeat_keys(rows: pd.DataFrame) -> bool:
    """False when no two rows share indicator, country and year: one sorted int64 key per row, far less
    memory and time than pandas' duplicated() (a hash table of every row), which runs only when this is True."""
    ind, ind_values = pd.factorize(rows["indicator_code"])
    iso, iso_values = pd.factorize(rows["iso3"])
    span = YEAR_MAX - YEAR_MIN + 2
    if (len(ind_values) + 1) * (len(iso_values) + 1) * span >= 2**62:
        return True
    year = rows["year"].to_numpy(dtype="int64", na_value=YEAR_MIN - 1) - (YEAR_MIN - 1)
    key = ((ind.astype(np.int64) + 1) * (len(iso_values) + 1) + (iso + 1)) * span + year
    key.sort()
    return bool((key[1:] == key[:-1]).any())


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
                            _year=rows["year"].values).groupby(["_ind", "iso3", "_year"], sort=True)
    for (ind, iso, year), g in groups:
        if len(out) >= MAX_LISTED:
            out.append(Problem(f"... and more duplicated rows ({groups.ngroups} keys in all)", file=file_name))
            break
        where = ", ".join(str(int(r)) for r in g["row"])
        out.append(Problem(
            f"the same indicator, country and year appears {len(g)} times (rows {where})",
            file=file_name, sheet=g["sheet"].iloc[0], row=int(g["row"].iloc[1]), column="country",
            value=f"{ind} / {iso} / {year}", hint="keep one row per indicator, country and year",
        ))
    return out


def _outside_scale(rows: pd.DataFrame, located: pd.DataFrame, file_name: str,
                   declared: list[IndicatorMeta] = ()) -> list[Problem]:
    """One warning per indicator with values beyond its catalogued (or declared) scale, naming the first one."""
    out = []
    metas = {**catalogue.indicators(), **{m.code: m for m in declared}}
    scaled = [c for c, m in metas.items() if m.scale_min is not None and m.scale_max is not None]
    rows = rows[rows["indicator_code"].isin(scaled)]  # only indicators with a scale are grouped
    for code, idx in rows.groupby("indicator_code").groups.items():
        meta = metas[code]
        values = rows.loc[idx, "value"].astype(float).to_numpy(na_value=np.nan)
        bad = np.flatnonzero((values < meta.scale_min) | (values > meta.scale_max))
        if len(bad):
            first = located.loc[idx[bad[0]]]
            out.append(Problem(
                f"{len(bad)} value(s) of {code} outside its scale {meta.scale_min:g} to {meta.scale_max:g}, "
                "the first here", file=file_name, sheet=first["sheet"], row=int(first["row"]),
                column=first["column"], value=float(values[bad[0]]),
                hint="check the unit (percent or share?) and the sign", severity="warning",
            ))
    return out


