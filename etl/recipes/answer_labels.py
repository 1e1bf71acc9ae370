"""Known answer labels of survey forms in Russian, Kazakh and English (data/reference/survey_answer_labels.csv)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from core.settings import REFERENCE_DIR

ROLES = ("favourable", "neutral", "unfavourable", "dont_know")
ANY_SCALE = "*"  # a label that can belong to any scale ("Neutral", "Don't know")
ASK = "ask"  # a label that is the neutral middle on some forms and "don't know" on others: the user decides
_GENDERED = re.compile(r"\((?:-?а|-?на|-?ая)\)")  # согласен(а), удовлетворен(на)
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е", "\u00a0": " "})


@dataclass(frozen=True)
class KnownLabel:
    """A label of a known scale: its scale family, rank (0 least favourable .. 10 most) and usual role."""

    scale: str
    rank: float | None  # None: never on the scale (not applicable, no answer)
    role: str  # one of ROLES, or ASK
    lang: str


def norm_label(text: object) -> str:
    """An answer as compared with known labels: case, ё/е, spaces, quotes, gendered endings and end dots ignored."""
    text = _GENDERED.sub("", str(text).translate(_QUOTES).casefold()).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().rstrip(".").strip()


@cache
def known_labels() -> dict[str, KnownLabel]:
    """Normalised label -> what it is, read once from the reference file."""
    with (REFERENCE_DIR / "survey_answer_labels.csv").open(encoding="utf-8", newline="") as f:
        return {norm_label(r["label"]): KnownLabel(r["scale"], float(r["rank"]) if r["rank"] else None, r["role"],
                                                   r["lang"]) for r in csv.DictReader(f)}


def known(text: object) -> KnownLabel | None:
    return known_labels().get(norm_label(text))


def is_ambiguous(text: object) -> bool:
    """Whether an answer is the neutral middle on some forms and "don't know" on others ("Затрудняюсь ответить")."""
    found = known(text)
    return found is not None and found.role == ASK


def labels_of(scale: str, lang: str) -> list[str]:
    """The labels of a scale family in one language as written in the reference file, most favourable first."""
    with (REFERENCE_DIR / "survey_answer_labels.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["scale"] == scale and r["lang"] == lang]
    return [r["label"] for r in sorted(rows, key=lambda r: -float(r["rank"] or -1))]
