"""Limits of a workbook: its parts' declared and streamed sizes, sheets and used ranges, checked as it is read.

A workbook is a zip of XML parts, and a reader trusts what they say: a sheet that declares its used range as
A1:XFD1048576, or holds one cell there, makes a reader allocate a cell for every position up to it (calamine
aborts the process asking for 550 GB); a shared-strings part of a few hundred kilobytes can expand to
gigabytes. So each part's declared size and compression ratio are checked from the zip directory before any
reader sees the file, and the parts that become cells (sheets, shared strings, an ODS content part) are
streamed through zlib a megabyte at a time, counting bytes, rows, cells and the furthest column, stopping
at the first limit passed. Every refusal names the part or sheet, the number found and the limit.

The reading process checks the zip directory before its reader starts and streams the parts in a thread beside
it (`beside`): a limit passed ends the process at once with the located message, whatever the reader is doing,
and a reader that a file over a limit stops first (a cell in the far corner makes it ask for gigabytes) is
followed by the limits pass alone, in a fresh process (etl.guard). Before a file is read for loading, the same
pass finds each sheet's formula and TRUE/FALSE cells (etl.read.formulas) for the recipe engine, so that no sheet
is expanded twice for them.
"""

from __future__ import annotations

import html
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.errors import Problem, ValidationError
from core.settings import settings
from etl.read import formulas

MB = 1024 * 1024
CHUNK = 1 << 20
MAX_PARTS = 10_000  # zip members; a real workbook has tens
RATIO_FROM_BYTES = MB  # parts smaller than this may compress as well as they like
TITLE = "Workbook over a limit"
ZIP_MAGIC = b"PK\x03\x04"

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>", re.DOTALL)
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.DOTALL)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_FAR_CELL = re.compile(rb'c r="([A-Z]{3,})\d')  # a cell in column AAA (703) or further
_REF = re.compile(r"^\$?([A-Z]{1,4})\$?(\d{1,8})$")
_ODS_TABLE = re.compile(rb"<table:table[\s>]")


@dataclass(frozen=True)
class FileLimits:
    """The limits of the README's settings table, in bytes and counts."""

    unzipped_bytes: int
    part_bytes: int
    zip_ratio: float
    sheets: int
    rows: int
    columns: int
    cells: int

    @classmethod
    def from_settings(cls) -> FileLimits:
        s = settings()
        return cls(unzipped_bytes=s.max_unzipped_mb * MB, part_bytes=s.max_part_mb * MB, zip_ratio=s.max_zip_ratio,
                   sheets=s.max_sheets, rows=s.max_rows, columns=s.max_columns, cells=s.max_cells)


def check(path: Path, limits: FileLimits | None = None, *, find_formulas: bool = False) -> list[Problem]:
    """Refuse (ValidationError) a zip-based workbook that passes a limit; warnings for what was let through.
    With `find_formulas`, the formula and TRUE/FALSE cells of every sheet are found for the recipe engine in this
    process (etl.read.formulas). Other files (CSV, legacy .xls) are left to their reader, which checks CSV limits
    line by line."""
    with beside(path, limits, find_formulas=find_formulas) as warnings:
        pass
    return warnings


@contextmanager
def beside(path: Path, limits: FileLimits | None = None, *, find_formulas: bool = False,
           refused: Callable[[ValidationError], None] | None = None) -> Iterator[list[Problem]]:
    """`check` while the block reads the file: the zip directory's claims (sizes, ratios, parts, sheets) before
    the block starts, the parts streamed in a thread beside it. `refused` is called from that thread as soon as a
    limit is passed (the reading process ends there, with the located message). On leaving, the thread is waited
    for: a limit passed is raised in place of what the block raised (a reader failing on a file over a limit
    fails because of it); the list yielded then holds the warnings. The formula cells (`find_formulas`) are left
    to etl.read.formulas while the block runs."""
    path = Path(path)
    limits = limits or FileLimits.from_settings()
    warnings: list[Problem] = []
    with open(path, "rb") as f:
        is_zip = f.read(4) == ZIP_MAGIC
    try:
        z = zipfile.ZipFile(path) if is_zip else None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        z = None  # the reader says it is damaged, with its own message
    if z is None:
        yield warnings
        return
    check = _Check(path.name, z, limits, find_formulas)
    try:
        parts = check.directory()
    except BaseException:
        z.close()
        raise
    done: Future = Future()
    if find_formulas:
        formulas.expect(path, done)

    def run() -> None:
        try:
            with z:
                check.stream_parts(parts)
                found = check.all_formulas() if find_formulas else None
        except ValidationError as e:
            if refused is not None:
                refused(e)
            done.set_exception(e)
            return
        except BaseException as e:  # noqa: BLE001 - a fault in the pass is raised where the block ends
            done.set_exception(e)
            return
        done.set_result(found)

    threading.Thread(target=run, name="limits", daemon=True).start()
    try:
        yield warnings
    except BaseException:
        if isinstance(refusal := done.exception(), ValidationError):
            raise refusal from None
        raise
    done.result()
    warnings.extend(check.warnings)


def _mb(n: int) -> str:
    return f"{n / MB:,.1f} MB"


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def parse_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of the far corner of a range such as "A1:XFD1048576" or "B7"; None if it is not one."""
    corner = ref.strip().split(":")[-1].upper()
    m = _REF.match(corner)
    return (int(m.group(2)), column_number(m.group(1))) if m else None


class _Check:
    def __init__(self, file: str, z: zipfile.ZipFile, limits: FileLimits, find_formulas: bool):
        self.file, self.z, self.limits, self.find_formulas = file, z, limits, find_formulas
        self.infos = {i.filename: i for i in z.infolist()}
        self.warnings: list[Problem] = []
        self.formulas: dict[str, formulas.Cells] = {}  # formula and TRUE/FALSE cells by sheet (sheets with any)
        self.complete = True  # every sheet was read to its end (so `formulas` holds them all, when found)
        self.later: dict[str, str] = {}  # zip part -> name of the sheets whose formulas are read after the limits

    def refuse(self, message: str, hint: str, sheet: str | None = None, value: object = None) -> ValidationError:
        return ValidationError(TITLE, [Problem(message, file=self.file, sheet=sheet, value=value, hint=hint)])

    def directory(self) -> dict[str, str]:
        """The zip directory's claims, checked at once: parts, sizes, ratios and sheets. The sheets' parts."""
        limits = self.limits
        if len(self.infos) > MAX_PARTS:
            raise self.refuse(f"the workbook holds {len(self.infos):,} parts; the limit is {MAX_PARTS:,}",
                              "this is not a workbook as Excel or LibreOffice writes one: save it again from Excel")
        total = sum(i.file_size for i in self.infos.values())
        if total > limits.unzipped_bytes:
            raise self.refuse(
                f"the workbook would unpack to {_mb(total)}, more than the limit of {_mb(limits.unzipped_bytes)}",
                "remove sheets that are not needed, or ask an administrator to raise HUB_MAX_UNZIPPED_MB")
        sheets = self.sheet_parts()
        for info in self.infos.values():
            self.check_declared(info, sheets.get(info.filename))
        if len(sheets) > limits.sheets:
            raise self.refuse(f"the workbook has {len(sheets):,} sheets; the limit is {limits.sheets:,}",
                              "keep the sheets with data in a workbook of their own, or ask an administrator to "
                              "raise HUB_MAX_SHEETS")
        return sheets

    def is_ods(self) -> bool:
        return "content.xml" in self.infos and "xl/workbook.xml" not in self.infos

    def stream_parts(self, sheets: dict[str, str]) -> None:
        """The parts that become cells, streamed: each sheet (to its end unless its declared range settles it),
        the shared strings, an OpenDocument spreadsheet's content."""
        if self.is_ods():
            self.check_ods()
            return
        for part, sheet in sheets.items():
            if part in self.infos and part.endswith(".xml"):
                self.check_sheet(self.infos[part], sheet)
        for info in self.infos.values():
            if info.filename.lower().endswith("sharedstrings.xml"):
                self.stream(info, None)

    def all_formulas(self) -> dict[str, formulas.Cells] | None:
        """Every sheet's formula and TRUE/FALSE cells: those found as the sheets streamed past, then the sheets
        whose declared range settled the limits at once, read for them; None when a part could not be read."""
        if not self.complete:
            return None
        found = dict(self.formulas)
        for member, sheet in self.later.items():
            cells = formulas.scan_part(self.z, member)
            if cells is None:
                return None
            if cells:
                found[sheet] = cells
        return found

    def check_declared(self, info: zipfile.ZipInfo, sheet: str | None) -> None:
        limits = self.limits
        what = f"sheet '{sheet}'" if sheet else f"the part {info.filename}"
        if info.file_size > limits.part_bytes:
            raise self.refuse(
                f"{what} would unpack to {_mb(info.file_size)}, more than the limit of {_mb(limits.part_bytes)} "
                "for one part", "split the data over several files, or ask an administrator to raise "
                "HUB_MAX_PART_MB", sheet=sheet, value=info.filename)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > limits.zip_ratio:
            raise self.refuse(
                f"{what} expands {ratio:,.0f} times ({_mb(info.compress_size)} to {_mb(info.file_size)}); the limit "
                f"is {limits.zip_ratio:g} times: real spreadsheets compress far less",
                "open the file in Excel and save it again; if it still fails it was made to exhaust readers",
                sheet=sheet, value=info.filename)

    def sheet_parts(self) -> dict[str, str]:
        """Zip part of each worksheet -> its name, from xl/workbook.xml and its relationships."""
        book, rels = self.small("xl/workbook.xml"), self.small("xl/_rels/workbook.xml.rels")
        if book is None:
            return {}
        targets = {}
        for element in _RELATIONSHIP.findall(rels or b""):
            attrs = dict(_ATTR.findall(element))
            if b"Id" in attrs and b"Target" in attrs:
                targets[attrs[b"Id"]] = attrs[b"Target"].decode("utf-8", "replace")
        parts: dict[str, str] = {}
        for n, element in enumerate(_SHEET.findall(book)):
            attrs = dict(_ATTR.findall(element))
            name = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace")) or f"sheet {n + 1}"
            rid = next((v for k, v in attrs.items() if k.endswith(b":id") or k == b"id"), None)
            target = targets.get(rid, f"worksheets/sheet{n + 1}.xml")
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            parts[_normal(part)] = name
        return parts

    def small(self, name: str) -> bytes | None:
        info = self.infos.get(name)
        if info is None:
            return None
        self.check_declared(info, None)
        return self.z.read(info)

    def check_sheet(self, info: zipfile.ZipInfo, sheet: str) -> None:
        """A sheet's declared used range (<dimension ref>, at the top of its XML) within the limits settles it.
        Otherwise (none declared, or one past a limit) the XML is streamed to find the furthest row and column
        its cells reach and how many there are. A declared range is only a claim: readers place cells where they
        are, so one that passes a limit while the cells stay inside the limits is ignored, with a warning. (A
        range that claims less than the cells hold is met by the reading process's memory limit.)"""
        limits = self.limits
        hint = ("in Excel, press Ctrl+End to find the last cell, delete the empty rows and columns before it, save "
                "and upload again")
        found = {"row": 0, "rows": 0, "column": 0, "cells": 0}
        declared: list[str] = []

        def look(piece: bytes, joined: bytes, first: bool) -> bool:
            if first and (m := _DIMENSION.search(joined)):
                declared.append(m.group(1).decode("ascii", "replace"))
                corner = parse_ref(declared[0])
                if corner and not _passes(corner, limits):
                    return True  # enough: the declared range is within the limits
            # Every "<c" counts as a cell, in one count where "<c " and "<c>" took two: the cell tags, those XML
            # also allows ("<c/>", "<c\n"), and the few other tags that begin so (<cols>, <col>, <cfRule>, ...).
            found["rows"] += piece.count(b"<row")
            found["cells"] += piece.count(b"<c")
            prefixed = b":" in joined  # tags with a namespace prefix; ":" is found at memchr's speed, unlike a tag
            if prefixed:
                found["rows"] += piece.count(b":row ")
                found["cells"] += piece.count(b":c ")
            at = max(joined.rfind(b"<row"), joined.rfind(b":row ") if prefixed else -1)
            if at >= 0 and (last := _ROW.search(joined, max(0, at - 16))):
                found["row"] = max(found["row"], int(last.group(1)))
            if _FAR_CELL.search(joined):
                for m in _FAR_CELL.finditer(joined):
                    found["column"] = max(found["column"], column_number(m.group(1).decode("ascii")))
            rows = max(found["row"], found["rows"])
            corner = parse_ref(declared[0]) if declared else None
            if corner and corner[0] >= rows and corner[1] >= found["column"]:
                what = f"its used range is declared as {declared[0]} and its cells reach"
            else:
                what = "it has cells reaching"
            self.check_range(sheet, rows, found["column"], found["cells"], what, hint, declared[0] if declared
                             else None, corner)
            return False

        scan = formulas.SheetScan() if self.find_formulas else None
        if self.stream(info, sheet, look, scan):
            if scan is not None and info.filename not in self.later and (cells := scan.finish()):
                self.formulas[sheet] = cells
        else:
            self.complete = False
        corner = parse_ref(declared[0]) if declared else None
        if corner and _passes(corner, limits):
            self.warnings.append(Problem(
                f"the sheet declares its used range as {declared[0]}, past the limits of {limits.rows:,} rows and "
                f"{limits.columns:,} columns, but its cells end at row {max(found['row'], found['rows']):,}: the "
                "declared range was ignored", file=self.file, sheet=sheet, value=declared[0],
                hint="save the file again from Excel to correct the declared range", severity="warning"))

    def check_range(self, sheet: str, rows: int, columns: int, cells: int, what: str, hint: str,
                    ref: str | None, corner: tuple[int, int] | None) -> None:
        """Refuse a sheet whose cells, found so far, pass a limit; the streaming stops at the first one."""
        limits = self.limits
        if rows > limits.rows:
            claim = f" of the {corner[0]:,} it declares" if corner and corner[0] >= rows else ""
            raise self.refuse(f"{what} row {rows:,}{claim}; the limit is {limits.rows:,} rows", hint, sheet, ref)
        if columns > limits.columns:
            claim = f" of the {corner[1]:,} it declares" if corner and corner[1] >= columns else ""
            raise self.refuse(f"{what} column {columns:,}{claim}; the limit is {limits.columns:,} columns", hint,
                              sheet, ref)
        if rows * columns > limits.cells:
            raise self.refuse(f"{what} row {rows:,} and column {columns:,}: {rows * columns:,} cells; the limit is "
                              f"{limits.cells:,} cells", hint, sheet, ref)
        if cells > limits.cells:
            raise self.refuse(f"the sheet holds more than {cells:,} cells; the limit is {limits.cells:,}", hint,
                              sheet, ref)

    def check_ods(self) -> None:
        limits = self.limits
        count = {"tables": 0}

        def look(piece: bytes, joined: bytes, first: bool) -> bool:
            count["tables"] += len(_ODS_TABLE.findall(piece))
            if count["tables"] > limits.sheets:
                raise self.refuse(f"the workbook has more than {limits.sheets:,} sheets; the limit is "
                                  f"{limits.sheets:,}", "keep the sheets with data in a workbook of their own")
            return False

        self.stream(self.infos["content.xml"], None, look)

    def stream(self, info: zipfile.ZipInfo, sheet: str | None, look=None,
               scan: formulas.SheetScan | None = None) -> bool:
        """Expand one part a megabyte at a time, counting bytes; `look(piece, joined, first)` sees each piece, and
        in `joined` the end of the one before, so that a tag cut between two pieces is seen whole; it returns
        True when it has seen enough (a sheet with a `scan` is then listed in `later`). A sheet's `scan` sees the
        pieces until then. Whether the part was read to its end or `look` had seen enough."""
        limits = self.limits
        seen = 0
        tail = b""
        try:
            with self.z.open(info) as f:
                first = True
                while piece := f.read(CHUNK):
                    seen += len(piece)
                    if seen > limits.part_bytes:
                        raise self.refuse(
                            f"{f'sheet {sheet!r}' if sheet else info.filename} unpacks to more than "
                            f"{_mb(limits.part_bytes)} (the limit for one part)",
                            "split the data over several files, or ask an administrator to raise HUB_MAX_PART_MB",
                            sheet, info.filename)
                    if look is not None:
                        if look(piece, tail + piece, first):
                            if scan is not None:  # the limits are settled: the formulas are scanned later
                                self.later[info.filename] = sheet
                            return True
                        tail = piece[-256:]
                        first = False
                    if scan is not None:
                        scan.feed(piece)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
            return False  # damaged, encrypted or an unknown compression: the reader says so in its own words
        return True


def _passes(corner: tuple[int, int], limits: FileLimits) -> bool:
    rows, columns = corner
    return rows > limits.rows or columns > limits.columns or rows * columns > limits.cells


def _normal(part: str) -> str:
    parts: list[str] = []
    for p in part.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)
