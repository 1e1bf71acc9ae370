"""Cells as a person reads them in a spreadsheet: column letters (A, B, ... AA) and values (2015, not 2015.0)."""

from __future__ import annotations

import math
from datetime import date, datetime


def column_letter(j: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a column's name as Excel shows it."""
    letters = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 0, Z -> 25, AA -> 26: the inverse of column_letter."""
    j = 0
    for ch in letters:
        j = j * 26 + ord(ch) - 64
    return j - 1


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without '.0' (years read as 2015.0 show as 2015), dates as 2024-03-01,
    nothing for empty cells."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ in ("NaTType",
                                                                                                     "NAType"):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) != (0, 0) else f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value).strip()
