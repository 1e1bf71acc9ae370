"""Errors meant for users: one base (`HubError`) with a code, a message and the located problems behind it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located so a person can find and fix it.

    `message` and `hint` are English. A problem with a `code` is translated at the screen: the text keys
    `pr_<code>` (and `pr_<code>_hint`) filled with `params` (see `coded`)."""

    message: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    hint: str = ""
    severity: str = "error"  # "error" blocks the load; "warning" is reported and the load goes on
    code: str = ""
    params: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False)

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


def coded(code: str, params: Mapping[str, object] | None = None, **where: object) -> Problem:
    """A Problem whose message and hint are the English text of `pr_<code>` / `pr_<code>_hint` with `params`.

    `where` holds the location (file, sheet, row, column, value) and optionally severity."""
    from core.i18n import STRINGS, t  # the text tables sit above this module

    params = dict(params or {})
    hint = t(f"pr_{code}_hint", "en", **params) if f"pr_{code}_hint" in STRINGS else ""
    return Problem(t(f"pr_{code}", "en", **params), hint=hint, code=code, params=params, **where)


class HubError(Exception):
    """Something a user asked for that cannot be done; `code` names the kind, `problems` locate the causes.

    Anything that is not a HubError is a bug and surfaces as one.
    """

    code = "error"

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.message = message
        self.problems = problems or []
        super().__init__(message + "".join(f"\n  - {p}" for p in self.problems[:50]))


class ValidationError(HubError):
    """A file that cannot be loaded, with every problem found in it."""

    code = "invalid_file"

    def __init__(self, title: str, problems: list[Problem], warnings: list[Problem] | None = None):
        self.title = title
        self.warnings = warnings or []  # what else was noticed, so a report can show everything at once
        super().__init__(title, problems)
