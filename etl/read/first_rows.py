"""An .xlsx/.xlsm workbook cut after its sheets' first rows, in memory, for python-calamine to read a preview from."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from etl.read.xlsx_parts import member

_NAME = rb"<(?:([A-Za-z_][\w.-]*):)?"  # a tag's start, with its namespace prefix if it has one
_SHEET_DATA = re.compile(_NAME + rb"sheetData[\s>/]")
_ROOT = re.compile(_NAME + rb"worksheet[\s>/]")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
PIECE = 1 << 17  # bytes of a sheet's XML decompressed at a time
# the package's own parts, and those python-calamine opens by name
KEPT = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/sharedStrings.xml"}


def first_rows(path: Path, rows: int) -> io.BytesIO | None:
    """A copy of the workbook at `path` in which each worksheet ends after its first `rows` rows (None when `path`
    is not an .xlsx/.xlsm zip, or a sheet cannot be cut safely: read the file itself then).

    Each worksheet's XML is decompressed only until its first row numbered beyond `rows` (the (rows + 1)-th row
    when rows carry no number) and closed there with `</sheetData></worksheet>`; what follows the cells (merged
    cells, conditional formats, ...) is dropped. The parts the workbook names (shared strings, styles, chart
    sheets, ...) are copied unchanged, so that python-calamine reads the kept cells as it reads them in the file:
    strings, number formats, dates, the 1904 system; parts only they name (drawings, images, pivot caches) and
    the document's properties are left out.
    """
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if not {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= names:
                return None
            named, worksheets = _named(z)
            copy = io.BytesIO()
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
                kept = {name.casefold() for name in KEPT | named}  # as python-calamine finds them, whatever the case
                for name in [n for n in z.namelist() if n.casefold() in kept]:
                    data = _cut(z, name, rows) if name in worksheets else z.read(name)
                    if data is None:
                        return None
                    out.writestr(name, data)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, ElementTree.ParseError):
        return None
    copy.seek(0)
    return copy


def _named(z: zipfile.ZipFile) -> tuple[set[str], set[str]]:
    """The zip members the workbook's relationships name, and those of them that are worksheets (not chart
    sheets), their targets resolved as python-calamine resolves them."""
    named, worksheets = set(), set()
    for rel in ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels")):
        part = member(rel.get("Target") or "")
        named.add(part)
        if (rel.get("Type") or "").endswith("/worksheet"):
            worksheets.add(part)
    return named, worksheets


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
