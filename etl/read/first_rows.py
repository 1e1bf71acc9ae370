"""An .xlsx/.xlsm workbook cut after its sheets' first rows, in memory, for python-calamine to read a preview from."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_NAME = rb"<(?:([A-Za-z_][\w.-]*):)?"  # a tag's start, with its namespace prefix if it has one
_SHEET_DATA = re.compile(_NAME + rb"sheetData[\s>/]")
_ROOT = re.compile(_NAME + rb"worksheet[\s>/]")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
PIECE = 1 << 17  # bytes of a sheet's XML decompressed at a time


def first_rows(path: Path, rows: int) -> io.BytesIO | None:
    """A copy of the workbook at `path` in which each worksheet ends after its first `rows` rows (None when `path`
    is not an .xlsx/.xlsm zip, or a sheet cannot be cut safely: read the file itself then).

    Each worksheet's XML is decompressed only until its first row numbered beyond `rows` (the (rows + 1)-th row
    when rows carry no number) and closed there with `</sheetData></worksheet>`; what follows the cells (merged
    cells, conditional formats, ...) is dropped. Every other part is copied unchanged, so that python-calamine
    reads the kept cells as it reads them in the file: shared strings, number formats, dates, the 1904 system.
    """
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return None
            worksheets = _worksheets(z) & names
            copy = io.BytesIO()
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
                for info in z.infolist():
                    data = _cut(z, info.filename, rows) if info.filename in worksheets else z.read(info)
                    if data is None:
                        return None
                    out.writestr(info.filename, data)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, ElementTree.ParseError):
        return None
    copy.seek(0)
    return copy


def _worksheets(z: zipfile.ZipFile) -> set[str]:
    """The zip members of the workbook's worksheets (not chart sheets), found as python-calamine finds them."""
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    found = set()
    for rel in rels:
        target = rel.get("Target") or ""
        if (rel.get("Type") or "").endswith("/worksheet") and target:
            target = target.lstrip("/")
            found.add(target if target.startswith("xl/") else "xl/" + target)
    return found


def _cut(z: zipfile.ZipFile, member: str, rows: int) -> bytes | None:
    """A worksheet's XML up to its first row after `rows` (rows are in order, as the format requires), closed; the
    whole part when it has no such row; None when the cut might fall inside a comment or CDATA section."""
    data = bytearray()
    sheet_data: re.Match[bytes] | None = None
    at = number = 0
    with z.open(member) as f:
        while piece := f.read(PIECE):
            data += piece
            if sheet_data is None:
                if (sheet_data := _SHEET_DATA.search(data)) is None:
                    continue
                row_tag = re.compile(b"<" + _prefix(sheet_data) + rb"row[\s>/]")
                at = sheet_data.end()
            while (row := row_tag.search(data, at)) and (end := data.find(b">", row.start())) != -1:
                numbered = _ROW_NUMBER.search(data, row.start(), end)
                number = int(numbered.group(1)) if numbered else number + 1
                if number > rows:
                    return _closed(data, sheet_data, row.start())
                at = end + 1  # a row tag the piece ends inside is looked at again with the next piece
    return bytes(data)


def _closed(data: bytearray, sheet_data: re.Match[bytes], cut: int) -> bytes | None:
    """`data` up to `cut`, its sheetData and worksheet elements closed with the prefixes their start tags have."""
    kept = data[sheet_data.end():cut]
    if b"<!" in kept or b"<?" in kept or (root := _ROOT.search(data, 0, sheet_data.start())) is None:
        return None  # the cut might fall inside a comment, CDATA section or processing instruction
    return bytes(data[:cut]) + b"</" + _prefix(sheet_data) + b"sheetData></" + _prefix(root) + b"worksheet>"


def _prefix(tag: re.Match[bytes]) -> bytes:
    return tag.group(1) + b":" if tag.group(1) else b""
