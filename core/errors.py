"""Errors meant for users: one base (`HubError`) with a code, a message and the located problems behind it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located so a person can find and fix it.

    `message` and `hint` are English, written from the catalogue's templates `pr_<code>` (and `prh_<code>`); the
    screen, the report workbook and the command line say them in the reader's language (core.i18n.Language.problem).
    `code` and `params` are given where a problem is made with `coded`; otherwise `template()` reads them back
    from the message."""

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

    def template(self) -> tuple[str, dict[str, object]]:
        """(code, params) of the message: as given where the problem was made (`coded`), else read back from the
        English message with the catalogue's templates (("", {}) for a message no template matches)."""
        if self.code:
            return self.code, dict(self.params)
        from core.i18n import PROBLEM, match  # here: core.i18n reads the catalogues, errors are made without them

        found = match(self.message, PROBLEM)
        return (found[0][len(PROBLEM):], found[1]) if found else ("", {})

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
    """A Problem whose message and hint are the English text of `pr_<code>` / `prh_<code>` with `params`.

    `where` holds the location (file, sheet, row, column, value) and optionally severity."""
    from core.i18n import HINT, PROBLEM, Language  # the catalogues sit above this module

    english, params = Language("en"), dict(params or {})
    shown = {k: english.country(v) if k == "country" else v for k, v in params.items()}  # ISO3 -> its name
    hint = english.t(HINT + code, **shown) if english.has(HINT + code) else ""
    return Problem(english.t(PROBLEM + code, **shown), hint=hint, code=code, params=params, **where)


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
