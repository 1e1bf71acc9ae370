"""The shapes passed between readers, checks and the store: problems, source metadata, parsed files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from core.errors import Problem

# Columns every reader returns in `Parsed.observations`, in this order; of the value fields beyond `value`
# (MEASURES), one that no cell of the file holds may be left out (missing on every row, and not built).
# country_name / country_code: exactly as written in the file (code None when the file has none).
# value / std_error / lower / upper: float, NaN where the file says missing ("..", "#N/A", "" ...).
# n_sources: float or NaN. row: 1-based row number as a spreadsheet shows it. column: the header of the
# cell the value came from. sheet: sheet name, or None for CSV.
# breakdown: "" for the total (national, all respondents); else `dimension=code` pairs joined by ";" in sorted
# dimension order ("sex=F", "level=central;sex=F"). A reader that knows of no breakdown leaves it "".
# A reader may add "flags" (notes from the source: a missing marker's reason, a status code, a year range).
MEASURES = ("std_error", "lower", "upper", "n_sources")
OBSERVATION_COLUMNS = [
    "indicator_code",
    "country_name",
    "country_code",
    "year",
    "breakdown",
    "value",
    "std_error",
    "lower",
    "upper",
    "n_sources",
    "sheet",
    "row",
    "column",
]

_PAIR = re.compile(r"([a-z][a-z0-9_]*)=([^;=\s](?:[^;=]*[^;=\s])?)")


def is_breakdown(text: str) -> bool:
    """Whether `text` is a breakdown as stored: `dimension=code` pairs, dimensions lower-case snake_case, each
    once and in sorted order, joined by ";" ("sex=F", "level=central;sex=F"). The total is "" (not checked here)."""
    pairs = [_PAIR.fullmatch(part) for part in text.split(";")]
    if not all(pairs):
        return False
    dimensions = [m.group(1) for m in pairs]
    return dimensions == sorted(set(dimensions))


@dataclass(frozen=True)
class SourceMeta:
    """A published dataset in one edition, e.g. WGI 2024 update."""

    dataset: str  # stable family code: "wgi", "egdi", "cpi", "demo", or a user dataset
    edition: str  # "2024 update", "2022", ...
    name: str
    publisher: str
    licence: str
    citation: str
    url: str = ""
    is_demo: bool = False

    @property
    def source_id(self) -> str:
        return f"{self.dataset}:{self.edition}"


@dataclass(frozen=True)
class IndicatorMeta:
    """Catalogue entry for one indicator: names, definitions and units as readers see them in English, Russian
    and Kazakh (`unit` is the catalogue's own English unit, which the code tests; unit_en/ru/kk are shown)."""

    code: str
    dataset: str
    name_en: str
    name_ru: str
    definition_en: str
    definition_ru: str
    unit: str
    scale_min: float | None
    scale_max: float | None
    higher_is_better: bool
    theme: str
    decimals: int = 2
    name_kk: str = ""
    definition_kk: str = ""
    unit_en: str = ""
    unit_ru: str = ""
    unit_kk: str = ""


@dataclass
class Parsed:
    """What a reader makes of one file: the source it is, the observations it holds, what it noticed."""

    format: str  # the recipe (or reader) that read the file
    source: SourceMeta
    observations: pd.DataFrame  # columns: OBSERVATION_COLUMNS (an Arrow table from the engine to etl.guard)
    indicators: list[IndicatorMeta] = field(default_factory=list)  # empty: take them from the catalogue
    problems: list[Problem] = field(default_factory=list)
