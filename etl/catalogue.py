"""The indicator and dataset catalogue kept as data in `data/reference/` (names, definitions, licences)."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from core.i18n import FALLBACK
from core.settings import REFERENCE_DIR
from etl.model import IndicatorMeta, SourceMeta


def _rows(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: a file saved from Excel starts with a byte-order mark, which would otherwise stick to the
    # first column name ("\ufeffcode") and make every lookup of that column fail.
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def indicators() -> dict[str, IndicatorMeta]:
    """Every catalogued indicator by code: real sources (`indicators.csv`) and demo (`demo_indicators.csv`)."""
    found: dict[str, IndicatorMeta] = {}
    for name in ("indicators.csv", "demo_indicators.csv"):
        for r in _rows(REFERENCE_DIR / name):
            found[r["code"]] = IndicatorMeta(
                code=r["code"],
                dataset=r["dataset"],
                name_en=r["name_en"],
                name_ru=r["name_ru"],
                definition_en=r["definition_en"],
                definition_ru=r["definition_ru"],
                unit=r["unit"],
                scale_min=_number(r["scale_min"]),
                scale_max=_number(r["scale_max"]),
                higher_is_better=r["higher_is_better"].strip().lower() == "true",
                theme=r["theme"],
                decimals=int(r["decimals"] or 2),
                **{k: r.get(k) or "" for k in ("name_kk", "definition_kk", "unit_en", "unit_ru", "unit_kk")},
            )
    return found


@cache
def themes() -> dict[str, dict[str, str]]:
    """Reform themes by code, each with `name_en`, `name_ru` and `name_kk`."""
    return {r["code"]: r for r in _rows(REFERENCE_DIR / "themes.csv")}


def breakdown_labels() -> list[dict[str, str]]:
    """Readable names of breakdown dimensions (rows with an empty code) and codes, in English and Russian."""
    return _rows(REFERENCE_DIR / "breakdown_labels.csv")


@cache
def _datasets() -> dict[str, dict[str, str]]:
    return {r["dataset"]: r for r in _rows(REFERENCE_DIR / "datasets.csv")}


def is_demo_dataset(dataset: str) -> bool:
    """Whether `dataset` is generated demonstration data (datasets.csv `is_demo`)."""
    found = _datasets().get(dataset)
    return found is not None and found["is_demo"].strip().lower() == "true"


def source_meta(dataset: str, edition: str) -> SourceMeta:
    """The catalogued publisher, licence and citation of `dataset`, for one edition."""
    d = _datasets()[dataset]
    return SourceMeta(
        dataset=dataset,
        edition=edition,
        name=d["name"],
        publisher=d["publisher"],
        licence=d["licence"],
        citation=d["citation"].format(edition=edition),
        url=d["url"],
        is_demo=d["is_demo"].strip().lower() == "true",
    )


@cache
def _source_texts() -> list[tuple[re.Pattern, dict[str, str]]]:
    """A catalogued dataset's English name, licence line or citation (with its `{edition}`) as a pattern -> its
    Russian and Kazakh versions. Citations of published works stay as published unless the catalogue says otherwise
    (only the demo data has its own)."""
    found = []
    for name in ("datasets.csv", "survey_datasets.csv"):
        for r in _rows(REFERENCE_DIR / name):
            for field in ("name", "licence", "citation"):
                texts = {lang: r.get(f"{field}_{lang}") or "" for lang in ("ru", "kk")}
                if any(texts.values()):
                    english = re.escape(r[field]).replace(re.escape("{edition}"), "(?P<edition>.+?)")
                    found.append((re.compile(english, re.DOTALL), texts))
    return found


def source_text(text: str, lang: str) -> str:
    """A dataset's name, licence line or citation in `lang` where the catalogue has it (Kazakh falls back to
    Russian), else as stored: a source an editor uploaded keeps the name it was given."""
    for pattern, texts in _source_texts():
        found = pattern.fullmatch(text or "")
        if found:
            versions = {"en": text, **{k: v.format(**found.groupdict()) for k, v in texts.items() if v}}
            return next((versions[code] for code in FALLBACK[str(lang)] if versions.get(code)), text)
    return text
