"""Spreadsheet error cells (#DIV/0!, #REF!, ...): python-calamine reads them as empty, so they are found in the file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from etl.read.xlsx_parts import sheet_members

# What each error code means, for the message that names the cell. #N/A is "not available": as text it is a
# missing marker (publishers write it), as a formula's result it is stored as missing with a warning.
EXCEL_ERRORS = {
    "#DIV/0!": "a division by zero",
    "#REF!": "a reference to a cell that no longer exists",
    "#VALUE!": "a value of the wrong type in a formula",
    "#NAME?": "an unknown function or name in a formula",
    "#NUM!": "a number the formula cannot compute",
    "#NULL!": "two ranges that do not meet",
    "#N/A": "a value not available (a lookup that found nothing, or =NA())",
    "#SPILL!": "a result that cannot spill into occupied cells",
    "#CALC!": "a calculation Excel cannot do",
    "#GETTING_DATA": "a value still being fetched when the file was saved",
    "#FIELD!": "a missing field of a linked data type",
    "#BLOCKED!": "a blocked external source",
    "#CONNECT!": "a failed connection to an external source",
    "#BUSY!": "a value still being computed when the file was saved",
    "#UNKNOWN!": "a data type this version of Excel does not know",
    "#PYTHON!": "an error in a Python formula",
}
NOT_AVAILABLE = "#N/A"
_LIBREOFFICE = re.compile(r"Err:\d{3}")  # LibreOffice Calc's numbered errors (Err:502 invalid argument, ...)

_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")  # with or without a namespace prefix (</c>, </x:c>), as the tags below
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_ERROR_TYPE = b't="e"'
_ROW_NUMBER = re.compile(rb'row r="(\d+)"')
_ODS = {
    "table": "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}",
    "text": "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}",
    "calcext": "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}",
}

Cells = dict[str, dict[tuple[int, int], str]]  # sheet name -> (0-based row, 0-based column) -> error code


class CellError(str):
    """A cell holding a spreadsheet error instead of a value; the text is the code as the spreadsheet shows it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"CellError({str.__repr__(self)})"


def error_code(text: str) -> str | None:
    """The spreadsheet error code `text` is (case as Excel writes it), or None."""
    t = text.strip()
    upper = t.upper()
    if upper in EXCEL_ERRORS:
        return upper
    return t if _LIBREOFFICE.fullmatch(t) else None


def error_message(code: str) -> str:
    """What a person reads about an error cell."""
    meaning = EXCEL_ERRORS.get(code.upper(), "an error reported by the spreadsheet")
    return f"{code} in the source cell ({meaning}): fix the formula or leave the cell empty"


def error_cells(path: Path, rows: int | None = None) -> Cells:
    """Every error cell of a workbook (.xlsx/.xlsm, .ods, .xls), by sheet; {} for anything else or on failure.
    With `rows`, an .xlsx's sheets are read no further than their first `rows` rows (the upload page's preview):
    the error cells there, and perhaps a few after them."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
        if head.startswith(b"PK"):
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if "xl/workbook.xml" in names:
                    return xlsx_error_cells(z, rows)
                if "content.xml" in names:
                    return _ods(z)
            return {}
        if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return _xls(path)
    except (zipfile.BadZipFile, OSError, ElementTree.ParseError, KeyError, ValueError):
        return {}
    return {}


def xlsx_error_cells(z: zipfile.ZipFile, rows: int | None = None) -> Cells:
    """The error cells of an opened .xlsx/.xlsm, by sheet: with `rows`, its sheets read no further than those."""
    found: Cells = {}
    for sheet, member in sheet_members(z).items():
        if rows is not None:
            data = _head(z, member, rows)
        elif _contains(z, member, _ERROR_TYPE):
            data = z.read(member)
        else:
            continue
        cells: dict[tuple[int, int], str] = {}
        at = data.find(_ERROR_TYPE)
        while at != -1:
            start = _cell_start(data, at)
            end = _CELL_END.search(data, at)
            if start != -1 and end is not None:
                tag = data[start:data.find(b">", start) + 1]
                ref = _CELL_REF.search(tag)
                value = _VALUE.search(data, start, end.start())
                if ref and value:
                    cells[(int(ref.group(2)) - 1, _column(ref.group(1)))] = value.group(1).decode("utf-8", "replace")
            at = data.find(_ERROR_TYPE, at + 1)
        if cells:
            found[sheet] = cells
    return found


def _cell_start(data: bytes, at: int) -> int:
    """Where the cell tag holding position `at` begins: <c ..., or <x:c ... with a namespace prefix."""
    start = data.rfind(b"<c ", 0, at)
    prefixed = data.rfind(b":c ", max(start, 0), at)
    return data.rfind(b"<", 0, prefixed) if prefixed != -1 else start


def _head(z: zipfile.ZipFile, member: str, rows: int, chunk: int = 1 << 20) -> bytes:
    """A sheet's XML up to the piece in which a row after the first `rows` begins (the whole of a shorter one)."""
    pieces = []
    with z.open(member) as f:
        while piece := f.read(chunk):
            pieces.append(piece)
            last = piece.rfind(b'row r="')  # with or without a namespace prefix (<row, <x:row)
            if last != -1 and (m := _ROW_NUMBER.match(piece, last)) and int(m.group(1)) > rows:
                break
    return b"".join(pieces)


def _contains(z: zipfile.ZipFile, member: str, needle: bytes, chunk: int = 1 << 22) -> bool:
    """Whether `needle` occurs in a member, read in pieces (a sheet's XML can be hundreds of MB)."""
    tail = b""
    with z.open(member) as f:
        while piece := f.read(chunk):
            if needle in tail + piece:
                return True
            tail = piece[-len(needle):]
    return False


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number - 1


def _ods(z: zipfile.ZipFile) -> Cells:
    """Cells LibreOffice marks calcext:value-type="error", placed as python-calamine places an .ods sheet."""
    if not _contains(z, "content.xml", b'value-type="error"'):
        return {}
    table, text, calcext = _ODS["table"], _ODS["text"], _ODS["calcext"]
    found: Cells = {}
    sheet, row, col = None, 0, 0
    with z.open("content.xml") as f:
        for event, element in ElementTree.iterparse(f, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{table}table":
                    sheet, row = element.get(f"{table}name"), 0
                elif tag == f"{table}table-row":
                    col = 0
                continue
            if tag in (f"{table}table-cell", f"{table}covered-table-cell"):
                repeat = int(element.get(f"{table}number-columns-repeated", "1"))
                if element.get(f"{calcext}value-type") == "error" and sheet is not None:
                    shown = "".join("".join(p.itertext()) for p in element.iter(f"{text}p")).strip()
                    for k in range(min(repeat, 1024)):
                        found.setdefault(sheet, {})[(row, col + k)] = shown or "#VALUE!"
                col += repeat
                element.clear()
            elif tag == f"{table}table-row":
                row += int(element.get(f"{table}number-rows-repeated", "1"))
                element.clear()
    return found


def _xls(path: Path) -> Cells:
    """Error cells of a BIFF .xls workbook (xlrd reads their codes; python-calamine reads them as empty)."""
    import xlrd  # only for .xls files

    found: Cells = {}
    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            cells = {}
            for r in range(sheet.nrows):
                types = sheet.row_types(r)
                if xlrd.XL_CELL_ERROR in types:
                    for c, kind in enumerate(types):
                        if kind == xlrd.XL_CELL_ERROR:
                            cells[(r, c)] = xlrd.error_text_from_code.get(sheet.cell_value(r, c), "#VALUE!")
            if cells:
                found[name] = cells
            book.unload_sheet(name)
    finally:
        book.release_resources()
    return found
