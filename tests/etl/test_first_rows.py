"""Tests for etl.read.first_rows: a preview read from a copy of the workbook cut after its first rows."""

from __future__ import annotations

import datetime
import io
import re
import types
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.drawing.image
import PIL.Image
import pytest
import python_calamine
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from core.errors import ValidationError
from etl.read import sheets as reading
from etl.read.cell_errors import CellError
from etl.read.first_rows import PIECE, first_rows
from etl.read.sheets import read_sheets
from tests.etl.test_reading import real

N = 40  # the preview's rows in these tests


def _rows(n: int, start: int = 0) -> list[list]:
    """Rows of every kind of cell: text (shared, or inline in write-only mode), numbers, a year-only date, a
    datetime, a boolean, and gaps."""
    return [[f"Country {i}", i * 1.5 if i % 7 else None, datetime.date(2000 + i % 30, 1, 1),
             datetime.datetime(2020, 1 + i % 12, 3, 12, 30, 15), i % 2 == 0, i]
            for i in range(start, start + n)]


def _dated(sheet, row: int) -> None:
    sheet.cell(row, 3).number_format = "yyyy"  # a date shown as its year only
    sheet.cell(row, 4).number_format = "yyyy-mm-dd hh:mm:ss"


def _book(path: Path, epoch_1904: bool = False) -> Path:
    """A workbook with the sheets a preview meets (strings shared but in column A): long, short, exactly N rows,
    cells only below N, merged header, empty rows and gaps, rich text, an error cell, a hidden sheet and a chart
    sheet."""
    book = openpyxl.Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    data = book.active
    data.title = "Data"
    data["A1"] = "A title over three columns"
    data.merge_cells("A1:C1")
    data.append(["Country", "Value", "Year", "When", "Flag", "Number"])
    for i, row in enumerate(_rows(3 * N)):
        if i in (5, 6, N - 4):
            data.append([])  # an empty row: no row element written, a gap in the row numbers
            continue
        data.append(row)
        _dated(data, data.max_row)
    data.row_dimensions[9].height = 30  # an empty row written with its height only
    data.cell(4, 2).value = "#DIV/0!"  # an error cell in the preview's rows
    data.cell(N + 10, 2).value = "#REF!"  # and one below
    for cell in ("A12", "B13"):  # rich text, inline and (_shared_strings) shared
        data[cell] = CellRichText(["rich ", TextBlock(InlineFont(b=True), "text")])
    data.cell(3 * N, 9).value = "a column with cells only below the preview"
    for rows, title in ((N - 3, "Short"), (N, "Exact"), (N + 1, "One more")):
        sheet = book.create_sheet(title)
        for row in _rows(rows):
            sheet.append(row)
            _dated(sheet, sheet.max_row)
    below = book.create_sheet("Below")
    below.cell(N + 3, 2).value = "only below"
    below.cell(N + 4, 3).value = 1.5
    hidden = book.create_sheet("Hidden")
    hidden.sheet_state = "hidden"
    for row in _rows(2 * N):
        hidden.append(row)
    image = io.BytesIO()
    PIL.Image.new("RGB", (8, 8), "red").save(image, "PNG")
    book["Short"].add_image(openpyxl.drawing.image.Image(image), "H2")  # a drawing, an image: not copied
    book.create_sheet("Very hidden").append(["kept out of sight"])
    book["Very hidden"].sheet_state = "veryHidden"
    chart = BarChart()
    chart.add_data(Reference(data, min_col=6, min_row=2, max_row=10))
    book.create_chartsheet("Chart").add_chart(chart)
    book.create_sheet("Empty")
    book.save(path)
    return _shared_strings(path)


def _write_only_book(path: Path) -> Path:
    """A workbook as openpyxl's write-only mode saves it: no <dimension>, inline strings."""
    book = openpyxl.Workbook(write_only=True)
    for title, count in (("Long", 3 * N), ("Short", N // 2)):
        sheet = book.create_sheet(title)
        sheet.append(["Country", "Value", "Year", "When", "Flag", "Number"])
        for row in _rows(count):
            sheet.append(row)
    book.save(path)
    return path


def _rewrite(path: Path, change) -> Path:
    """`path` with every worksheet's XML passed through `change` (what another writer would have saved)."""
    with zipfile.ZipFile(path) as source:
        members = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in members:
            out.writestr(item, change(data) if item.filename.startswith("xl/worksheets/sheet") else data)
    return path


def _shared_strings(path: Path) -> Path:
    """`path` with the strings of every column but A moved to a shared-strings part (t="s"), as Excel saves them
    (openpyxl writes every string inline)."""
    with zipfile.ZipFile(path) as source:
        members = {item.filename: source.read(item.filename) for item in source.infolist()}
    shared: list[bytes] = []

    def share(cell: re.Match) -> bytes:
        shared.append(cell.group(2))
        return cell.group(1) + b' t="s"><v>%d</v>' % (len(shared) - 1)

    for name in [n for n in members if n.startswith("xl/worksheets/sheet")]:
        members[name] = re.sub(rb'(<c r="[B-Z]+\d+"[^>]*?) t="inlineStr"><is>(.*?)</is>', share, members[name],
                               flags=re.DOTALL)
    members["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        % (len(shared), len(shared)) + b"".join(b"<si>" + text + b"</si>" for text in shared) + b"</sst>")
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml" Id="rIdShared"/></Relationships>'))
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def _shared_strings_named_otherwise(path: Path) -> Path:
    """`path` with its shared strings stored as xl/SharedStrings.xml (python-calamine finds the part all the same)."""
    with zipfile.ZipFile(path) as source:
        members = [(item.filename, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            out.writestr("xl/SharedStrings.xml" if name == "xl/sharedStrings.xml" else name, data)
    return path


def _prefixed(xml: bytes) -> bytes:
    """The sheet's elements in the main namespace written with an `x:` prefix, as some exporters write them."""
    xml = xml.replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                      b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', 1)
    return re.sub(rb"<(/?)([A-Za-z]+[\s>/])", rb"<\1x:\2", xml)


def _unnumbered(xml: bytes) -> bytes:
    """Rows and cells without their `r` attribute (allowed: a row then follows the one before, a cell too)."""
    return re.sub(rb'(<(?:row|c)) r="[A-Z]*\d+"', rb"\1", xml)


def _trimmed(rows: list[list]) -> list[list]:
    """Rows without their trailing empty cells, and without the empty rows at the end."""
    out = []
    for row in rows:
        cells = list(row)
        while cells and cells[-1] in ("", None):
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def _only_the_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-calamine as etl.read.sheets sees it, except that it cannot open a file by its path: a preview read
    from the cut copy does not need to."""

    def refuse(path: str) -> None:
        raise AssertionError(f"the whole file was read: {path}")

    workbook = types.SimpleNamespace(from_path=refuse, from_filelike=python_calamine.CalamineWorkbook.from_filelike)
    monkeypatch.setattr(reading, "calamine", types.SimpleNamespace(
        **{name: getattr(python_calamine, name) for name in
           ("CalamineError", "PasswordError", "SheetTypeEnum", "SheetVisibleEnum")}, CalamineWorkbook=workbook))


def _books(tmp_path: Path) -> dict[str, Path]:
    return {
        "openpyxl": _book(tmp_path / "book.xlsx"),
        "1904 dates": _book(tmp_path / "mac.xlsx", epoch_1904=True),
        "write-only": _write_only_book(tmp_path / "write-only.xlsx"),
        "x: prefix": _rewrite(_book(tmp_path / "prefixed.xlsx"), _prefixed),
        "rows without r": _rewrite(_write_only_book(tmp_path / "unnumbered.xlsx"), _unnumbered),
        "part named in another case": _shared_strings_named_otherwise(_book(tmp_path / "case.xlsx")),
    }


@pytest.mark.parametrize("kind", ["openpyxl", "1904 dates", "write-only", "x: prefix", "rows without r",
                                  "part named in another case"])
def test_the_preview_read_from_the_cut_copy_has_the_cells_of_the_whole_read(tmp_path: Path, kind: str,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = _books(tmp_path)[kind]
    whole = read_sheets(path)
    _only_the_copy(monkeypatch)
    preview = read_sheets(path, rows=N)
    assert list(preview.sheets) == list(whole.sheets) and preview.hidden == whole.hidden
    assert preview.warnings == whole.warnings
    for name, rows in whole.sheets.items():
        assert len(preview.sheets[name]) <= N
        assert _trimmed(preview.sheets[name]) == _trimmed(rows[:N]), name
    if kind in ("openpyxl", "1904 dates", "part named in another case"):
        data = preview.sheets["Data"]
        assert data[3][1] == CellError("#DIV/0!") and data[0][0] == "A title over three columns"
        assert data[2][2] == datetime.date(2000, 1, 1) and data[2][3] == datetime.datetime(2020, 1, 3, 12, 30, 15)
        assert data[2][4] is True and data[11][0] == data[12][1] == "rich text" and data[1][1] == "Value"
        assert len(data[0]) == 6 < len(whole.sheets["Data"][0])  # the column with cells only below is left out
        assert preview.sheets["Below"] == [] and len(preview.sheets["Exact"]) == N
        assert preview.hidden == {"Hidden", "Very hidden"} and "Chart" not in preview.sheets


@pytest.mark.parametrize("name", ["cpi/CPI2023_Global_Results__Trends.xlsx", "wgi/wgidataset_2024_update.xlsx",
                                  "wjp/2023_wjp_rule_of_law_index_HISTORICAL_DATA.xlsx"])
def test_published_workbooks_preview_as_their_whole_read(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workbooks saved by Excel (shared strings, styles, long sheets): the preview of the upload page, 250 rows."""
    path = real(name)
    whole = read_sheets(path)
    _only_the_copy(monkeypatch)
    preview = read_sheets(path, rows=250)
    assert list(preview.sheets) == list(whole.sheets) and preview.hidden == whole.hidden
    assert {sheet: _trimmed(rows) for sheet, rows in preview.sheets.items()} == {
        sheet: _trimmed(rows[:250]) for sheet, rows in whole.sheets.items()}
    assert max(len(rows) for rows in preview.sheets.values()) == 250 < max(len(rows) for rows in whole.sheets.values())


def test_the_cut_ends_each_sheet_after_its_first_rows_and_closes_it_with_its_prefix(tmp_path: Path) -> None:
    path = _rewrite(_book(tmp_path / "prefixed.xlsx"), _prefixed)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(first_rows(path, N)) as copy:
        dropped = {"docProps/app.xml", "docProps/core.xml", "xl/charts/chart1.xml", "xl/media/image1.png",
                   "xl/drawings/drawing1.xml", "xl/drawings/drawing2.xml", "xl/drawings/_rels/drawing1.xml.rels",
                   "xl/drawings/_rels/drawing2.xml.rels", "xl/worksheets/_rels/sheet2.xml.rels",
                   "xl/chartsheets/_rels/sheet1.xml.rels"}
        assert set(copy.namelist()) == set(source.namelist()) - dropped
        assert b"<x:drawing " in copy.read("xl/worksheets/sheet2.xml")  # python-calamine does not follow it
        data = copy.read("xl/worksheets/sheet1.xml")
        assert data.endswith(b"</x:sheetData></x:worksheet>") and b"<x:mergeCells" not in data
        assert re.findall(rb'<x:row r="(\d+)"', data)[-1] == str(N).encode()  # every row up to N, none after
        assert copy.read("xl/worksheets/sheet2.xml") == source.read("xl/worksheets/sheet2.xml")  # short: whole
        assert copy.read("xl/workbook.xml") == source.read("xl/workbook.xml")


def test_a_sheet_is_not_parsed_past_the_preview(tmp_path: Path) -> None:
    """Garbage after the preview's rows makes the whole file unreadable, not the preview: what lies after the
    cut is never handed to python-calamine."""
    path = _write_only_book(tmp_path / "book.xlsx")
    expected = read_sheets(path).sheets["Long"][:N]

    def broken(xml: bytes) -> bytes:
        at = xml.find(f'<row r="{N + 5}"'.encode())
        return xml[:at] + b"<row r='oops'><c><<not xml at all" + xml[at + 10:] if at != -1 else xml

    _rewrite(path, broken)
    with pytest.raises(ValidationError, match="Damaged workbook"):
        read_sheets(path)
    assert read_sheets(path, rows=N).sheets["Long"] == expected


def test_a_sheet_is_decompressed_no_further_than_the_piece_holding_the_cut(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Long")
    for row in _rows(20_000):
        sheet.append(row)
    book.save(path)
    size = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size
    read = []
    real_open = zipfile.ZipFile.open

    def counted(self, name, *args, **kwargs):
        opened = real_open(self, name, *args, **kwargs)
        if str(getattr(name, "filename", name)).startswith("xl/worksheets/"):
            real_read = opened.read
            opened.read = lambda n=-1: read.append(len(piece := real_read(n))) or piece
        return opened

    monkeypatch.setattr(zipfile.ZipFile, "open", counted)
    assert first_rows(path, N) is not None
    assert sum(read) <= 2 * PIECE < size // 4


def test_anything_but_an_xlsx_zip_is_not_cut(tmp_path: Path) -> None:
    text = tmp_path / "table.xlsx"
    text.write_text("Country,Value\nKazakhstan,1\n")
    assert first_rows(text, N) is None
    odd = tmp_path / "odd.zip"
    with zipfile.ZipFile(odd, "w") as z:
        z.writestr("content.xml", "<office:document-content/>")
    assert first_rows(odd, N) is None


def test_a_comment_where_the_sheet_would_be_cut_reads_the_whole_file(tmp_path: Path) -> None:
    path = _rewrite(_write_only_book(tmp_path / "book.xlsx"),
                    lambda xml: xml.replace(f'<row r="{N + 1}"'.encode(), f'<!-- a note --><row r="{N + 1}"'.encode()))
    assert first_rows(path, N) is None
    assert _trimmed(read_sheets(path, rows=N).sheets["Long"]) == _trimmed(read_sheets(path).sheets["Long"][:N])
