"""Formula and TRUE/FALSE cells of an .xlsx's sheets (the fast reader gives only their saved values), found as a
sheet's XML streams past: in the guarded reading process by the limits pass (etl.guard.limits), in a thread beside
the reader, which leaves its result here for the recipe engine; else by a scan of its own."""

from __future__ import annotations

import os
import re
import zipfile
from concurrent.futures import Future
from pathlib import Path
from xml.etree import ElementTree

from etl.read.xlsx_parts import sheet_members

BOOLEAN = "\x1dbool"  # a TRUE/FALSE cell among the special cells (not a formula)
CHUNK = 1 << 20
Cells = dict[tuple[int, int], str]  # (0-based row, 0-based column) -> formula text, or BOOLEAN

_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.DOTALL)
_BOOL = re.compile(rb'\st="b"')
_FORMULA = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?>(.*?)</(?:\w+:)?f>|<(?:\w+:)?f\s[^>]*/>", re.DOTALL)
_TAIL = 16  # bytes of a piece kept for the next, so that a tag cut between the two is seen whole

_expected: tuple[tuple[str, int, int], Future] | None = None  # the last file the limits pass scans, and its cells
_DAMAGED = (zipfile.BadZipFile, OSError, EOFError, KeyError, NotImplementedError, RuntimeError)


class SheetScan:
    """One sheet's XML, fed a piece at a time, then `finish()`: its formula and TRUE/FALSE cells.

    Until a piece shows a formula tag (<f, or <x:f with a namespace prefix) or a TRUE/FALSE cell (t="b"), nothing
    is parsed: most sheets hold none, and a look for two short strings is all they cost. From the first one on,
    the cells are parsed as the pieces come; the cell a piece ends in is kept whole for the next one."""

    def __init__(self) -> None:
        self.cells: Cells = {}
        self.parsing = False
        self.previous = b""
        self.rest = b""  # from the start of the last cell fed, which may go on in the next piece

    def feed(self, piece: bytes) -> None:
        if not self.parsing:
            if not _has_tag(self.previous[-_TAIL:] + piece):
                self.previous = piece
                return
            self.parsing = True
            start = _last_cell_start(self.previous)
            self.rest = self.previous[start:] if start >= 0 else self.previous[-_TAIL:]
        data = self.rest + piece
        end = _last_cell_start(data)
        if end > 0:
            self._parse(data, end)
            self.rest = data[end:]
        else:  # no cell starts in this piece after the one kept (a trailer, or a cell longer than a piece)
            self._parse(data, len(data))
            self.rest = data[-_TAIL:]

    def finish(self) -> Cells:
        if self.parsing:
            self._parse(self.rest, len(self.rest))
            self.rest = b""
        return self.cells

    def _parse(self, data: bytes, end: int) -> None:
        for m in _CELL.finditer(data, 0, end):
            f = _FORMULA.search(m.group(4) or b"")
            if f or _BOOL.search(m.group(3)):
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ch - 64
                text = (f.group(1) or b"(shared formula)").decode("utf-8", "replace") if f else BOOLEAN
                self.cells[(int(m.group(2)) - 1, col - 1)] = text


def _has_tag(data: bytes) -> bool:
    return b"<f" in data or b't="b"' in data or (b":" in data and b":f" in data)  # ":" is found at memchr's speed


def _last_cell_start(data: bytes) -> int:
    start = data.rfind(b'<c r="')
    if b":" in data and (prefixed := data.rfind(b':c r="')) > start:
        start = data.rfind(b"<", 0, prefixed)
    return start


def expect(path: Path, found: Future) -> None:
    """The formula cells of `path` will be `found`'s result (None: not all of them), kept for `formula_cells` in
    this process while the file is unchanged."""
    global _expected
    _expected = (_key(path), found)


def formula_cells(path: Path) -> dict[str, Cells]:
    """Formula cells (and TRUE/FALSE cells, as BOOLEAN) of an .xlsx/.xlsm by sheet name, sheets with none left
    out: the limits pass's when it scans this file (waiting for it: a limit the file passes is raised here), else
    read here (the engine run without the guard)."""
    path = Path(path)
    try:
        if _expected is not None and _expected[0] == _key(path) and (found := _expected[1].result()) is not None:
            return found
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" not in z.namelist():
                return {}
            found: dict[str, Cells] = {}
            for sheet, member in sheet_members(z).items():
                if cells := _scan(z, member):
                    found[sheet] = cells
            return found
    except (*_DAMAGED, ElementTree.ParseError):
        return {}


def scan_part(z: zipfile.ZipFile, member: str) -> Cells | None:
    """One sheet's formula and TRUE/FALSE cells; None when its part cannot be read."""
    try:
        return _scan(z, member)
    except _DAMAGED:
        return None


def _scan(z: zipfile.ZipFile, member: str) -> Cells:
    scan = SheetScan()
    with z.open(member) as f:
        while piece := f.read(CHUNK):
            scan.feed(piece)
    return scan.finish()


def _key(path: Path) -> tuple[str, int, int]:
    stat = os.stat(path)
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns
