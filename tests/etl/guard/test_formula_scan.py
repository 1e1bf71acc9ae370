"""Formula and TRUE/FALSE cells found in the limits pass (or, for sheets whose declared range settled the limits, in
a thread beside the reader): the same cells as a look at the whole sheet, a tag cut between two streamed pieces
included, and handed to the recipe engine, which then does not expand the sheet again."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from etl.guard import limits, tasks
from etl.read.formulas import BOOLEAN, SheetScan, formula_cells
from etl.recipes.mapping import Mapping, NewIndicator, SourceInfo
from etl.recipes.parse import parse_mapped
from tests.fixtures import hostile

SHEET = "xl/worksheets/sheet1.xml"


def _write(path: Path, digits: list[int], early: bool, target: object) -> int:
    """A sheet of numbers: `target` after a row of numbers for each of `digits` (the last one that many digits
    long), then more rows; when `early`, formulas and TRUE/FALSE cells near its top and a formula at its end.
    The row of `target`."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["Country", "Indicator", 2020, 2021])
    if early:
        ws.append(["Kazakhstan", "x.one", "=1+1", 4.5])
        ws.append(["Kazakhstan", "x.two", 3.5, True])
        ws.append(["Kazakhstan", "x.three", False, 2])
    for r, n in enumerate(digits, start=5 if early else 2):
        ws.append([r, 2 * r, 10 ** (n - 1)])
    ws.append([1, 2, target, 3])
    row = len(digits) + (5 if early else 2)
    for r in range(2_000):
        ws.append([r, 2 * r, 3 * r])
    if early:
        ws.append([1, 2, 3, "=SUM(A1:C1)"])
    wb.save(path)
    return row


def _tag_at(path: Path, row: int, tag: bytes) -> int:
    xml = zipfile.ZipFile(path).read(SHEET)
    return xml.index(tag, xml.index(f'<c r="C{row}"'.encode()))


@pytest.mark.parametrize("early", [False, True], ids=["first tag at the cut", "cells parsed from the top"])
@pytest.mark.parametrize(("target", "tag", "text"), [("=SUM(C2:C4)", b"<f>", "SUM(C2:C4)"),
                                                     (True, b't="b"', BOOLEAN)], ids=["formula", "TRUE"])
def test_a_tag_cut_between_two_pieces_is_found_as_a_whole_sheet_shows_it(tmp_path: Path, opened: list[str],
                                                                          early: bool, target: object,
                                                                          tag: bytes, text: str) -> None:
    path = tmp_path / "formulas.xlsx"
    wanted = limits.CHUNK - len(tag) // 2  # the first piece of the sheet's XML ends inside the tag
    row = _write(path, [1] * 8_000, early, target)
    rows = (wanted - 20_000) * 8_000 // _tag_at(path, row, tag)  # rows of one-digit numbers end before it
    row = _write(path, [1] * rows, early, target)
    short = wanted - _tag_at(path, row, tag)  # the digits to add: 14 a row (a number of 15 digits, not 1)
    assert 0 < short < 14 * rows
    row = _write(path, [15] * (short // 14) + [1 + short % 14] + [1] * (rows - short // 14 - 1), early, target)
    xml = zipfile.ZipFile(path).read(SHEET)
    at = _tag_at(path, row, tag)
    assert at < limits.CHUNK < at + len(tag) and xml[at:at + len(tag)] == tag
    assert early == (b"<f" in xml[:at] or b't="b"' in xml[:at])
    expected = {(row - 1, 2): text}
    if early:
        expected |= {(1, 2): "1+1", (2, 3): BOOLEAN, (3, 2): BOOLEAN, (row + 2_000, 3): "SUM(A1:C1)"}

    whole = SheetScan()
    whole.feed(xml)  # the sheet in one piece: what the scan found when it read the whole part
    assert whole.finish() == expected

    assert limits.check(path, find_formulas=True) == []
    opened.clear()
    assert formula_cells(path) == {"Data": expected} and opened == []  # the limits pass's cells, no second pass

    copy = shutil.copy(path, tmp_path / "copy.xlsx")  # a file the limits pass has not seen: read here, in pieces
    assert formula_cells(copy) == {"Data": expected} and opened == [SHEET]


def test_cells_with_a_namespace_prefix_and_a_limits_pass_not_asked_for_them(tmp_path: Path,
                                                                              opened: list[str]) -> None:
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet {hostile.MAIN.replace("xmlns", "xmlns:x")}>'
             '<x:sheetData><x:row r="1"><x:c r="A1"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="B1" t="b"><x:v>1</x:v>'
             '</x:c><x:c r="C1"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    path = hostile.workbook(tmp_path / "prefixed.xlsx", {"Data": [sheet]})
    expected = {"Data": {(0, 0): "1+1", (0, 1): BOOLEAN}}
    assert limits.check(path) == [] and formula_cells(path) == expected  # the limits (a preview's) and a scan here
    assert opened == [SHEET, SHEET]
    opened.clear()
    assert limits.check(path, find_formulas=True) == [] and formula_cells(path) == expected  # the limits pass's
    assert opened == [SHEET]


def test_the_engine_reads_the_formulas_found_beside_the_reader_without_opening_the_sheets_again(
        tmp_path: Path, opened: list[str]) -> None:
    path = tmp_path / "book.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in [["Country", "Indicator", 2020, 2021], ["Kazakhstan", "x.one", "=1+1", 4.5],
                ["Kazakhstan", "x.two", 3.5, 5.5]]:
        ws.append(row)
    wb.create_sheet("Notes").append(["not mapped", "=2+2"])  # read by no one but the formula scan
    wb.save(path)
    notes = "xl/worksheets/sheet2.xml"
    mapping = Mapping(sheet="Data", header_row=1, country_column="Country", years="across",
                      indicator_column="Indicator", source=SourceInfo("Test data", "2024"),
                      new_indicators=[NewIndicator(code=c, name_en=c, unit="points", higher_is_better=True)
                                      for c in ("x.one", "x.two")])

    guarded = tasks.read_file(path, None, None, mapping, None, None, False)  # as the reading process runs it
    # by the limits pass (the declared range, at the top, settles the limits) and by the scan beside the reader;
    # the engine, waiting for that scan, does not open it again
    assert opened.count(notes) == 2
    assert [(p.message, p.row, p.column) for p in guarded.problems if p.value == "=1+1"] == [
        ("a formula with no saved result", 2, "2020")]

    opened.clear()
    alone = parse_mapped(shutil.copy(path, tmp_path / "alone.xlsx"), mapping)  # the engine without the guard
    assert opened.count(notes) == 1  # by the engine's own scan
    assert [(p.message, p.row, p.column) for p in alone.problems if p.value == "=1+1"] == [
        ("a formula with no saved result", 2, "2020")]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sheet parts opened for reading through zipfile (every pass over a sheet's XML opens it)."""
    opens: list[str] = []
    real = zipfile.ZipFile.open

    def counted(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, mode: str = "r", *args, **kwargs):
        member = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if mode == "r" and member.startswith("xl/worksheets/"):
            opens.append(member)
        return real(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counted)
    return opens
