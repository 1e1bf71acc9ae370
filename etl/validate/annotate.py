"""The validation report as xlsx: the person's own file with problem cells highlighted and commented."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import Problem, ValidationError
from core.i18n import Language
from etl.guard import limits, process
from etl.read.sheets import CSV_SHEET, clean, read_sheets

ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
HEADER_SCAN = 50  # rows above a problem searched for the header naming its column
UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """A cell value that a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(UNSAFE_START):
        return "'" + value
    return value


def report_workbook(path: Path, problems: list[Problem], lang: str = "en", cells: bool = True) -> bytes:
    """The file at `path` as xlsx with each located problem's cell filled and commented, plus a Problems sheet,
    in `lang` (sheet, headers, severities, messages and hints).

    An .xlsx/.xlsm is annotated in place (macros are dropped, never run); .xls, .ods and CSV become an xlsx copy
    of their cells. A file that cannot be opened at all, or `cells=False` (the file is not opened), gets the
    Problems sheet alone.
    """
    path, lang = Path(path), Language(lang)
    wb = _open(path) if cells else _empty()
    located = 0
    for p in problems:
        cell = _cell(wb, p)
        if cell is None:
            continue
        cell.fill = ERROR_FILL if p.severity == "error" else WARNING_FILL
        text = f"{lang.t(f'up_severity_{p.severity}').upper()}: {lang.problem(p)}" + (
            f"\n{lang.hint(p)}" if p.hint else "")
        if cell.comment is not None:
            text = cell.comment.text + "\n\n" + text
        cell.comment = Comment(text, "Hub Reform Monitor", width=320, height=140)
        located += 1
    sheet = wb.create_sheet(lang.t("up_report_sheet")[:31], 0)
    columns = ("severity", "file", "sheet", "row", "column", "value", "problem", "hint")
    header = [lang.t(f"up_col_{c}") for c in columns]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in problems:
        sheet.append([safe_text(x) for x in (lang.t(f"up_severity_{p.severity}"), p.file, p.sheet, p.row, p.column,
                                             None if p.value is None else str(p.value), lang.problem(p),
                                             lang.hint(p))])
    for letter, width in zip("ABCDEFGH", (10, 24, 16, 7, 18, 22, 70, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _empty() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _open(path: Path) -> Workbook:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return load_workbook(path, keep_vba=False, rich_text=False)
        except (InvalidFileException, OSError, KeyError, ValueError, TypeError, EOFError, Exception):  # noqa: BLE001
            pass  # not a real OOXML workbook (a CSV renamed, damaged, encrypted): copy its cells instead
    wb = Workbook()
    wb.remove(wb.active)
    try:
        book = read_sheets(path)
    except ValidationError:
        return wb
    for name, rows in book.sheets.items():
        ws = wb.create_sheet(name[:31] if name != CSV_SHEET else "Data")
        for row in rows:
            ws.append([safe_text(c) if isinstance(c, str) else c for c in row])
    return wb


def _cell(wb: Workbook, p: Problem):
    """The cell a problem points at: its sheet and row, and the column whose header (above it) matches."""
    if p.row is None:
        return None
    name = p.sheet if p.sheet is not None else ("Data" if "Data" in wb.sheetnames else None)
    if name not in wb.sheetnames:
        return None
    ws = wb[name]
    column = None
    if p.column:
        if len(p.column) <= 3 and p.column.isalpha() and p.column.isupper():
            return ws[f"{p.column}{p.row}"]  # a column letter
        wanted = clean(p.column)
        for r in range(1, min(p.row, HEADER_SCAN) + 1):
            for c in ws[r]:
                if c.value is not None and clean(c.value if not isinstance(c.value, float) or
                                                 not c.value.is_integer() else int(c.value)) == wanted:
                    column = c.column
                    break
            if column:
                break
    return ws.cell(p.row, column or 1)


def guarded_report(path: Path, problems: list[Problem], lang: str = "en") -> bytes:
    """`report_workbook` built in the guarded worker (etl.guard), since it opens the person's file."""
    path = Path(path)
    return process.run(_report_task, path, problems, str(lang), file=path.name)


def _report_task(path: Path, problems: list[Problem], lang: str = "en") -> bytes:
    """In the worker: a file over a limit is not opened, and gets the Problems sheet alone."""
    try:
        limits.check(path)
    except ValidationError:
        return report_workbook(path, problems, lang, cells=False)
    return report_workbook(path, problems, lang)
