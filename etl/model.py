"""The shapes passed between readers, checks and the store: problems, source metadata, parsed files."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# Columns every reader returns in `Parsed.observations`, in this order.
# country_name / country_code: exactly as written in the file (code None when the file has none).
# value / std_error / lower / upper: float, NaN where the file says missing ("..", "#N/A", "" ...).
# n_sources: float or NaN. row: 1-based row number as a spreadsheet shows it. column: the header of the
# cell the value came from. sheet: sheet name, or None for CSV.
OBSERVATION_COLUMNS = [
    "indicator_code",
    "country_name",
    "country_code",
    "year",
    "value",
    "std_error",
    "lower",
    "upper",
    "n_sources",
    "sheet",
    "row",
    "column",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located so a person can find and fix it."""

    message: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    hint: str = ""
    severity: str = "error"  # "error" blocks the load; "warning" is reported and the load goes on

    def location(self) -> str:
        parts = [self.file or "?"]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.value is not None and self.value != "":
            text += f" (value: {self.value!r})"
        if self.hint:
            text += f". {self.hint}"
        return text


class ValidationError(Exception):
    """A file that cannot be loaded, with every problem found in it."""

    def __init__(self, title: str, problems: list[Problem], warnings: list[Problem] | None = None):
        self.title = title
        self.problems = problems
        self.warnings = warnings or []  # what else was noticed, so a report can show everything at once
        super().__init__(title + "".join(f"\n  - {p}" for p in problems[:50]))


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
    """Catalogue entry for one indicator (names and definitions in English and Russian)."""

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


@dataclass
class Parsed:
    """What a reader makes of one file: the source it is, the observations it holds, what it noticed."""

    format: str
    source: SourceMeta
    observations: pd.DataFrame  # columns: OBSERVATION_COLUMNS
    indicators: list[IndicatorMeta] = field(default_factory=list)  # empty: take them from the catalogue
    problems: list[Problem] = field(default_factory=list)
