"""Errors meant for users: one base (`HubError`) with a code, a message and the located problems behind it."""

from __future__ import annotations

from dataclasses import dataclass


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

    @property
    def code(self) -> str:
        """The catalogue key of the message (its kind, e.g. "pr_year_missing"); "" for a message not catalogued."""
        from core.i18n import PROBLEM, match  # here: core.i18n reads the catalogues, errors are made without them

        found = match(self.message, PROBLEM)
        return found[0] if found else ""

    @property
    def params(self) -> dict[str, str]:
        """The values the message names ({"n": "3", "code": "wgi.ge"}), read from it with its template."""
        from core.i18n import PROBLEM, match

        found = match(self.message, PROBLEM)
        return found[1] if found else {}

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
