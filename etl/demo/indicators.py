"""Deterministic demonstration data: plausible civil-service reform indicators, clearly marked as not real."""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl import catalogue
from etl.model import OBSERVATION_COLUMNS, IndicatorMeta, Parsed

FIRST_YEAR, LAST_YEAR = 2010, 2025
DEFAULT_SEED = 2013  # the year the Hub was founded
DEMO_EDITION = "demo 2025"

# A convenient default for tests and scripts: the Hub's participating countries as listed in
# data/reference/hub_members.csv, plus Turkmenistan and Poland as benchmarks (40 countries).
DEMO_COUNTRIES = [
    "AFG", "ARM", "AZE", "BEN", "BGD", "BIH", "BLR", "BRA", "BTN", "CAN", "CHN", "DEU", "EST", "FIN", "FRA",
    "GBR", "GEO", "HUN", "IDN", "IND", "KAZ", "KGZ", "KOR", "LTU", "LVA", "MDA", "MNE", "MNG", "MYS", "PAK",
    "PHL", "RUS", "SGP", "TJK", "TUR", "UKR", "USA", "UZB", "TKM", "POL",
]

# Gaps, as real national data has them.
P_LATE = 0.3  # share of countries whose latest year (2025) is not published yet
P_NO_INDICATOR = 0.10  # chance that a country of average capacity does not report an indicator at all
P_NO_SURVEY = 0.15  # extra chance of that for survey-based indicators
P_FULL_SERIES = 0.45  # chance that a series starts in the indicator's first year; otherwise later
P_MISSING_YEAR = 0.04  # a year missing in the middle of a series (absent row)
P_NAN_VALUE = 0.01  # a row present with an empty value
P_BIENNIAL = 0.4  # chance that a country runs a survey every other year


@dataclass(frozen=True)
class _Spec:
    """How one demo indicator is simulated, on a transformed scale: logit (bounded) or log."""

    kind: str  # "logit": bounded by the indicator's scale; "log": a positive quantity, clipped to the scale
    base: float  # median value in 2010, in the indicator's unit
    gain: float  # improvement over 2010-2025 at average reform pace, on the transformed scale
    spread: float  # differences between countries, on the transformed scale
    noise: float = 0.15  # year-to-year noise, on the transformed scale
    loading: float = 0.8  # how closely the indicator follows the country's reform capacity (0..1)
    first_year: int = FIRST_YEAR
    se: tuple[float, float] | None = None  # survey estimate: range of its standard error, in the unit
    monotone: bool = False  # never falls (a legal score, a cumulative count)
    step: float = 0.0  # round to multiples of this; 0: round to the indicator's decimals


_SPECS: dict[str, _Spec] = {
    "demo.open_competition_share": _Spec("logit", 55, gain=1.0, spread=1.0),
    "demo.time_to_hire": _Spec("log", 90, gain=0.4, spread=0.4, noise=0.08),
    "demo.senior_merit_share": _Spec("logit", 40, gain=1.0, spread=1.2),
    "demo.merit_law_score": _Spec("logit", 1.8, gain=1.5, spread=1.2, noise=0.1, monotone=True, step=0.5),
    "demo.women_senior_share": _Spec("logit", 28, gain=0.35, spread=0.35, noise=0.05, loading=0.3),
    "demo.staff_turnover": _Spec("log", 9, gain=0.15, spread=0.35, noise=0.12, loading=0.5),
    "demo.hrmis_coverage": _Spec("logit", 25, gain=3.0, spread=1.5, noise=0.2),
    "demo.vacancy_rate": _Spec("log", 10, gain=0.2, spread=0.4, noise=0.1, loading=0.5),
    "demo.engagement_score": _Spec("logit", 58, gain=0.3, spread=0.35, noise=0.04, first_year=2012,
                                   se=(0.3, 0.9)),
    "demo.asset_declarations_filed": _Spec("logit", 85, gain=1.2, spread=1.0, noise=0.25),
    "demo.asset_declarations_verified": _Spec("logit", 15, gain=1.5, spread=1.2, noise=0.2),
    "demo.ethics_training_share": _Spec("logit", 30, gain=1.8, spread=1.2, noise=0.2),
    "demo.audit_recommendations_implemented": _Spec("logit", 50, gain=0.8, spread=0.8, noise=0.2),
    "demo.complaints_resolved_on_time": _Spec("logit", 75, gain=0.9, spread=0.8, noise=0.2),
    "demo.appraisal_coverage": _Spec("logit", 60, gain=1.5, spread=1.2, noise=0.2),
    "demo.bodies_kpi_evaluated": _Spec("logit", 35, gain=2.0, spread=1.3, noise=0.2),
    "demo.kpi_targets_met": _Spec("logit", 65, gain=0.4, spread=0.5, noise=0.2, loading=0.4),
    "demo.performance_reports_published": _Spec("logit", 45, gain=1.8, spread=1.2, noise=0.2),
    "demo.training_hours": _Spec("log", 18, gain=0.4, spread=0.45, noise=0.12),
    "demo.digital_skills_share": _Spec("logit", 8, gain=2.5, spread=1.0, noise=0.2, first_year=2013),
    "demo.leadership_training_share": _Spec("logit", 35, gain=1.0, spread=1.0, noise=0.2),
    "demo.training_spend_share": _Spec("log", 1.0, gain=0.25, spread=0.5, noise=0.1),
    "demo.services_online_share": _Spec("logit", 20, gain=2.5, spread=1.3, noise=0.15),
    "demo.citizen_satisfaction": _Spec("logit", 60, gain=0.4, spread=0.4, noise=0.05, se=(0.5, 1.5)),
    "demo.egov_usage_share": _Spec("logit", 25, gain=1.8, spread=1.0, noise=0.1, se=(0.6, 1.6)),
    "demo.open_datasets": _Spec("log", 200, gain=2.0, spread=1.0, noise=0.1, first_year=2012, monotone=True),
    "demo.service_centre_wait": _Spec("log", 25, gain=0.6, spread=0.4, noise=0.1),
}


@dataclass(frozen=True)
class _Country:
    """Latent reform profile: where it stands, how fast and since when it reforms, how late it reports."""

    code: str
    capacity: float  # standard normal: reform capacity relative to the other countries
    pace: float  # 1 = average reform pace; can be near zero or negative (stalled or reversed reform)
    reform_start: int
    last_year: int


def demo_indicators() -> list[IndicatorMeta]:
    """The demo catalogue entries (data/reference/demo_indicators.csv), in file order."""
    return [m for m in catalogue.indicators().values() if m.dataset == "demo"]


def generate_demo(countries: list[str], seed: int = DEFAULT_SEED) -> Parsed:
    """Demo observations for `countries` (ISO3 codes), 2010-2025: the same countries and seed, the same data.

    Each country's data depends only on the seed and its own code, so adding a country changes no other's.
    """
    if len(set(countries)) != len(countries):
        raise ValueError("generate_demo: each country may appear only once")
    metas = demo_indicators()
    missing = [m.code for m in metas if m.code not in _SPECS]
    if missing:
        raise ValueError(f"generate_demo: no simulation settings for demo indicators {missing}")

    profiles = [_profile(code, seed) for code in countries]
    names = ("indicator_code", "country_code", "year", "value", "std_error")
    columns: dict[str, list] = {name: [] for name in names}
    for meta in metas:
        for country in profiles:
            years, values, errors = _series(meta, _SPECS[meta.code], country, seed)
            n = len(years)
            columns["indicator_code"] += [meta.code] * n
            columns["country_code"] += [country.code] * n
            columns["year"] += years
            columns["value"] += values
            columns["std_error"] += errors

    n = len(columns["year"])
    nan = np.full(n, np.nan)
    observations = pd.DataFrame({
        "indicator_code": pd.Series(columns["indicator_code"], dtype="str"),
        "country_name": pd.Series(columns["country_code"], dtype="str"),
        "country_code": pd.Series(columns["country_code"], dtype="str"),
        "year": np.array(columns["year"], dtype="int64"),
        "breakdown": pd.Series([""] * n, dtype="object"),
        "value": np.array(columns["value"], dtype="float64"),
        "std_error": np.array(columns["std_error"], dtype="float64"),
        "lower": nan,
        "upper": nan.copy(),
        "n_sources": nan.copy(),
        "sheet": pd.Series([None] * n, dtype="object"),
        "row": np.arange(1, n + 1, dtype="int64"),
        "column": pd.Series(["value"] * n, dtype="str"),
    })[OBSERVATION_COLUMNS]
    edition = DEMO_EDITION if seed == DEFAULT_SEED else f"{DEMO_EDITION} (seed {seed})"
    return Parsed(format="demo", source=catalogue.source_meta("demo", edition), observations=observations,
                  indicators=metas)


def _key(text: str) -> int:
    """A stable number for a string (Python's hash() changes between runs)."""
    return zlib.crc32(text.encode("utf-8"))


def _profile(code: str, seed: int) -> _Country:
    rng = np.random.default_rng([seed, _key(code)])
    capacity = float(rng.normal())
    pace = float(rng.normal(1.0, 0.5))
    reform_start = int(rng.integers(FIRST_YEAR, 2019))
    last_year = LAST_YEAR - 1 if rng.random() < P_LATE else LAST_YEAR
    return _Country(code, capacity, pace, reform_start, last_year)


def _series(meta: IndicatorMeta, spec: _Spec, country: _Country, seed: int
            ) -> tuple[list[int], list[float], list[float]]:
    """One country's series of one indicator: years, values, standard errors (all empty if not reported)."""
    rng = np.random.default_rng([seed, _key(country.code), _key(meta.code)])
    lo, hi = float(meta.scale_min), float(meta.scale_max)  # the catalogue gives every demo indicator a scale
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)

    # Draw every random number first, in a fixed order, so each draw means the same thing for every country.
    reports = rng.random()
    z = spec.loading * country.capacity + math.sqrt(1 - spec.loading**2) * rng.normal()
    full_series = rng.random()
    late_start = int(rng.integers(max(spec.first_year, FIRST_YEAR + 1), 2019))
    shocks = rng.normal(size=len(years))
    dropped = rng.random(len(years)) < P_MISSING_YEAR
    emptied = rng.random(len(years)) < P_NAN_VALUE
    biennial = rng.random() < P_BIENNIAL
    se_level = rng.uniform(*spec.se) if spec.se else math.nan
    se_jitter = rng.uniform(0.9, 1.1, size=len(years))

    p_absent = min(max(P_NO_INDICATOR - 0.05 * country.capacity, 0.02), 0.25)
    if spec.se:
        p_absent += P_NO_SURVEY
    if reports < p_absent:
        return [], [], []

    # Latent level on the transformed scale: country position, reform progress since its start, AR(1) noise.
    noise = np.empty(len(years))
    noise[0] = shocks[0] * spec.noise
    for i in range(1, len(years)):
        noise[i] = 0.6 * noise[i - 1] + 0.8 * spec.noise * shocks[i]
    progress = country.pace * np.clip(years - country.reform_start, 0, None) / (LAST_YEAR - FIRST_YEAR)
    direction = 1.0 if meta.higher_is_better else -1.0
    if spec.kind == "logit":
        share = (spec.base - lo) / (hi - lo)
        latent = math.log(share / (1 - share)) + direction * (spec.spread * z + spec.gain * progress) + noise
        values = lo + (hi - lo) / (1 + np.exp(-latent))
    else:
        latent = math.log(spec.base) + direction * (spec.spread * z + spec.gain * progress) + noise
        values = np.exp(latent)

    if spec.step:
        values = np.round(values / spec.step) * spec.step
    else:
        values = np.round(values, meta.decimals)
    if spec.monotone:
        values = np.maximum.accumulate(values)
    values = np.clip(values, lo, hi)
    errors = np.round(se_level * se_jitter, 2) if spec.se else np.full(len(years), np.nan)

    start = max(spec.first_year, FIRST_YEAR) if full_series < P_FULL_SERIES else late_start
    keep = (years >= start) & (years <= country.last_year) & ~dropped
    if spec.se and biennial:
        keep &= (years - start) % 2 == 0
    values = np.where(emptied, np.nan, values)
    errors = np.where(emptied, np.nan, errors)
    return years[keep].tolist(), values[keep].tolist(), errors[keep].tolist()
