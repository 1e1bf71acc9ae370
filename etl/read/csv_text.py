"""CSV text into rows, with every fault of the text itself located by line and field.

Python's csv module reads almost anything, silently: a quote opened and never closed takes in the rest of
the file as one cell (or stops with "field larger than field limit"), a line ending in CR CR LF makes an
empty row after every line. Here each record's first and last line are tracked, so that a quoted field that
runs over lines where the row does not fit the table, or to the end of the file, is reported where its quote
opens; a field past the length limit, more fields or lines than the limits, and line endings of more than one
kind are reported by line and field too.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from core.errors import Problem, ValidationError
from core.settings import settings

_LINE_END = re.compile(r"\r\n|\r|\n")
QUOTE_HINT = ("a cell that starts with a quote (\") must end with one; open the file in a text editor, find the "
              "line, and close or remove the quote (a quote inside a quoted cell is written twice: \"\")")


@dataclass(frozen=True)
class TextLimits:
    rows: int
    columns: int
    field_chars: int

    @classmethod
    def from_settings(cls) -> TextLimits:
        s = settings()
        return cls(rows=s.max_rows, columns=s.max_columns, field_chars=s.max_field_kb * 1024)


@contextmanager
def _field_limit(chars: int):
    old = csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def read_rows(text: str, delimiter: str, file: str, limits: TextLimits | None = None
              ) -> tuple[list[list[str]], list[Problem]]:
    """The records of CSV `text` and warnings about it; ValidationError locating a fault that breaks it."""
    limits = limits or TextLimits.from_settings()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    multi: list[int] = []  # the records that span lines: their index in `rows`
    spans: list[tuple[int, int]] = []  # and their first and last lines
    last = 0
    with _field_limit(limits.field_chars):
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                raise _broken(text, delimiter, file, last + 1, reader.line_num, str(e), rows, limits) from None
            end = reader.line_num
            if end - last > 1:
                multi.append(len(rows))
                spans.append((last + 1, end))
            if len(row) > limits.columns:
                raise _refuse(file, last + 1, f"line {last + 1:,} has {len(row):,} fields; the limit is "
                              f"{limits.columns:,}", "check the separator, or remove the empty fields at the end "
                              "of the line")
            rows.append(row)
            if len(rows) > limits.rows:
                raise _refuse(file, end, f"the file has more than {limits.rows:,} lines of data; the limit is "
                              f"{limits.rows:,}", "split it into several files, or ask an administrator to raise "
                              "HUB_MAX_ROWS")
            last = end
    _check_multiline(text, delimiter, file, rows, multi, spans)
    return rows, _line_endings(text, file, spans)


def _refuse(file: str, line: int, message: str, hint: str, column: str | None = None,
            value: object = None) -> ValidationError:
    return ValidationError("Damaged text file", [Problem(message, file=file, row=line, column=column, value=value,
                                                         hint=hint)])


def _header(rows: list[list[str]], field: int) -> str:
    """The name of field `field` (1-based) from the first line, else "field N"."""
    if rows and field <= len(rows[0]) and rows[0][field - 1].strip():
        return rows[0][field - 1].strip()[:60]
    return f"field {field}"


def _line_start(text: str, line: int) -> int:
    """Offset of 1-based `line` as the csv module counts lines (CR LF, CR and LF each end one)."""
    if line <= 1:
        return 0
    for n, m in enumerate(_LINE_END.finditer(text), start=2):
        if n == line:
            return m.end()
    return len(text)


def _open_quote(line: str, delimiter: str) -> tuple[int, int] | None:
    """(field, character) of a quote that opens a field on `line` and is not closed on it, both 1-based."""
    field, i, n = 1, 0, len(line)
    while i < n:
        if line[i] == '"' and (i == 0 or line[i - 1] == delimiter or line[:i].endswith(delimiter + " ")):
            j = i + 1
            while True:
                j = line.find('"', j)
                if j < 0:
                    return field, i + 1
                if j + 1 < n and line[j + 1] == '"':
                    j += 2
                    continue
                break
            i = j + 1
            continue
        if line[i] == delimiter:
            field += 1
        i += 1
    return None


def _broken(text: str, delimiter: str, file: str, start: int, end: int, error: str, rows: list[list[str]],
            limits: TextLimits) -> ValidationError:
    """The located error for a record the csv module gave up on (a field past the limit)."""
    at = _line_start(text, start)
    first_line = _LINE_END.split(text[at:at + 1_000_000], maxsplit=1)[0]
    quote = _open_quote(first_line, delimiter)
    kb = limits.field_chars // 1024
    if quote:
        field, char = quote
        return _refuse(file, start, f"a quote opens a cell on line {start:,} (character {char:,}) and is never "
                       f"closed: the cell runs on to line {end:,}, past the limit of {kb:,} KB for one cell",
                       QUOTE_HINT, column=_header(rows, field), value=first_line[char - 1:char + 40])
    if "field larger" in error:
        fields = first_line.split(delimiter)
        field = next((k + 1 for k, f in enumerate(fields) if len(f) > limits.field_chars), len(fields))
        return _refuse(file, start, f"a cell on line {start:,} is longer than the limit of {kb:,} KB",
                       "shorten the cell, or check that the file is a table of data",
                       column=_header(rows, field), value=fields[field - 1][:40] + "...")
    return _refuse(file, start, f"the text cannot be read as CSV from line {start:,}: {error}",
                   "open the file in Excel and save it again as 'CSV UTF-8 (Comma delimited)'")


def _check_multiline(text: str, delimiter: str, file: str, rows: list[list[str]], multi: list[int],
                     spans: list[tuple[int, int]]) -> None:
    """A quoted cell over several lines is fine when its row fits the table; when it does not, or when it runs
    to the end of the file, a quote was left open: refuse, naming where it opens."""
    if not multi:
        return
    widths = Counter(len(r) for r in rows if len(r) > 1)
    usual = widths.most_common(1)[0][0] if widths else 0
    for k, (start, end) in zip(multi, spans, strict=True):
        runs_to_end = k == len(rows) - 1 and not _closed_at_end(text[_line_start(text, start):], delimiter)
        if len(rows[k]) == usual and not runs_to_end and not _holds_table_lines(rows[k], delimiter, usual):
            continue
        at = _line_start(text, start)
        first_line = _LINE_END.split(text[at:at + 1_000_000], maxsplit=1)[0]
        field, char = _open_quote(first_line, delimiter) or (len(first_line.split(delimiter)), 1)
        tail = "to the end of the file" if runs_to_end else f"to line {end:,}"
        raise _refuse(file, start, f"a quote opens a cell on line {start:,} (character {char:,}) and the cell runs "
                      f"over {end - start + 1:,} lines, {tail}: a closing quote is missing", QUOTE_HINT,
                      column=_header(rows, field), value=first_line[char - 1:char + 40])


def _holds_table_lines(row: list[str], delimiter: str, width: int) -> bool:
    """Whether a cell holds whole lines of the table (as many separators as a row has): a quote left open
    that a later quote happened to close."""
    return width > 2 and any(
        line.count(delimiter) >= width - 1
        for cell in row if "\n" in cell or "\r" in cell
        for line in _LINE_END.split(cell)
    )


def _closed_at_end(record: str, delimiter: str) -> bool:
    """Whether the last record's quotes are all closed (the strict reader does not reach the end inside one)."""
    try:
        list(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as e:
        return "unexpected end of data" not in str(e)
    return True


def line_and_char(text: str, position: int) -> tuple[int, int]:
    """1-based line (as the csv module counts them) and character of `position` in `text`."""
    before = _LINE_END.findall(text, 0, position)
    start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
    return len(before) + 1, position - start + 1


def _line_endings(text: str, file: str, spans: list[tuple[int, int]]) -> list[Problem]:
    """A warning when lines end in more than one way (CR LF, LF, CR), naming the first line that differs.

    Line breaks inside a quoted cell that spans lines (Excel writes LF there, CR LF between rows) do not count."""
    crlf = text.count("\r\n")
    kinds = {"CR LF": crlf, "LF": text.count("\n") - crlf, "CR": text.count("\r") - crlf}
    found = {k: n for k, n in kinds.items() if n}
    if len(found) < 2:
        return []
    usual = max(found, key=found.get)
    pattern = {"CR LF": r"\r\n", "LF": r"(?<!\r)\n", "CR": r"\r(?!\n)"}
    rare = re.compile("|".join(pattern[k] for k in found if k != usual))
    inside = sorted(spans)
    line, previous, first = 1, 0, None
    for checked, m in enumerate(rare.finditer(text)):
        line += len(_LINE_END.findall(text, previous, m.start()))
        previous = m.start()
        if not any(start <= line < end for start, end in inside):
            first = (line, m.group())
            break
        if checked > 10_000:
            break
    if first is None:
        return []
    line, ending = first
    name = {"\r\n": "CR LF", "\n": "LF", "\r": "CR"}[ending]
    counts = ", ".join(f"{n:,} with {k}" for k, n in found.items())
    double = " (CR CR LF: the file was converted twice, which adds an empty row after each line)" \
        if "\r\r\n" in text else ""
    return [Problem(f"lines end in more than one way ({counts}){double}; the first line ending in {name} is line "
                    f"{line:,}, so row numbers may differ from what a text editor shows", file=file, row=line,
                    hint="save the file again from Excel as 'CSV UTF-8 (Comma delimited)'", severity="warning")]
