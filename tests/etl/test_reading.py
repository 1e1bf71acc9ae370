"""Tests for etl.reading: safe opening of workbooks and CSV files, numbers in cells, header search."""

from __future__ import annotations

import datetime
import math
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import python_calamine

from core.errors import ValidationError
from etl.read import sheets as reading
from etl.read.sheets import CSV_SHEET, find_header_row, parse_number, read_sheets, to_numbers

REAL_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "real-data"


def real(relative: str) -> Path:
    path = REAL_DATA / relative
    assert path.is_file(), (
        f"real test data missing: {path} (expected ../shared/real-data beside the checkout)"
    )
    return path


def refused(path: Path, **kwargs: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read_sheets(path, **kwargs)
    return caught.value


def write_csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ---- workbooks --------------------------------------------------------------------------------------------


def test_reads_real_workbook_sheets_with_types():
    wb = read_sheets(real("wgi/wgidataset_2024_update.xlsx"))
    assert list(wb.sheets) == ["Sheet1"]
    assert wb.encoding is None and not wb.is_csv and wb.hidden == set() and wb.warnings == []
    rows = wb.sheets["Sheet1"]
    assert rows[0][:5] == ["codeindyr", "code", "countryname", "year", "indicator"]
    assert len(rows) == 32_101
    assert rows[1][3] == 1996.0 and isinstance(rows[1][5], float)


def test_keeps_leading_empty_rows_and_reports_hidden_sheets(tmp_path: Path):
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active["C3"] = "header"
    book.active["C4"] = 1.5
    book.active["D4"] = datetime.date(2020, 1, 2)
    secret = book.create_sheet("Lists")
    secret.sheet_state = "hidden"
    secret["A1"] = "x"
    path = tmp_path / "book.xlsx"
    book.save(path)
    wb = read_sheets(path)
    assert wb.hidden == {"Lists"}
    assert wb.sheets["Data"][2][2] == "header"  # row 3, column C: spreadsheet coordinates kept
    assert wb.sheets["Data"][3][2:4] == [1.5, datetime.date(2020, 1, 2)]


def test_truncated_workbook_is_refused(tmp_path: Path):
    data = real("wgi/wgidataset_2024_update.xlsx").read_bytes()
    path = tmp_path / "wgi.xlsx"
    path.write_bytes(data[: len(data) // 2])
    error = refused(path)
    assert "wgi.xlsx is not a readable Excel workbook: it seems truncated or damaged" in str(error)
    assert "save it again" in error.problems[0].hint
    assert error.problems[0].file == "wgi.xlsx"


@pytest.mark.parametrize("head", [b"PK\x03\x04", reading.OLE2_MAGIC])
def test_corrupt_workbook_bytes_are_refused(tmp_path: Path, head: bytes):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(head + bytes(range(256)) * 20)
    assert "truncated or damaged" in str(refused(path))


def test_zip_bomb_is_refused_before_expanding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    assert path.stat().st_size < 100_000

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("calamine must not open a zip bomb")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", never)
    error = refused(path, max_bytes=1_000_000)  # unpacked limit: 10 x 1 MB
    assert "would unpack to 30 MB" in str(error)


def test_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = write_csv(tmp_path, "a,b\n" + "1,2\n" * 1000)
    assert "more than the limit" in str(refused(path, max_bytes=1000))
    monkeypatch.setenv("HUB_MAX_UPLOAD_MB", "0.001")
    assert "more than the limit of 0.0 MB" in str(refused(path))
    monkeypatch.setenv("HUB_MAX_UPLOAD_MB", "1")
    assert read_sheets(path).sheets[CSV_SHEET][1] == ["1", "2"]


def test_empty_file_is_refused(tmp_path: Path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    error = refused(path)
    assert error.title == "Empty file" and error.problems[0].file == "empty.xlsx"


def test_password_protected_workbook_fabricated(tmp_path: Path):
    # an OLE2 container whose directory names an EncryptedPackage stream, as Excel writes for a password
    path = tmp_path / "locked.xlsx"
    path.write_bytes(reading.OLE2_MAGIC + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 500)
    error = refused(path)
    assert reading.PASSWORD_MESSAGE in str(error)


def test_password_protected_workbook_real(tmp_path: Path):
    try:
        from msoffcrypto.format.ooxml import (
            OOXMLFile,
        )  # test-only dependency: writes a real encrypted workbook
    except ImportError:
        pytest.fail(
            "msoffcrypto-tool is missing: install requirements-dev.txt (pip install msoffcrypto-tool)"
        )
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["code", 1.0])
    book.save(plain)
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    assert locked.read_bytes()[:8] == reading.OLE2_MAGIC
    assert "the workbook is password-protected: remove the password in Excel" in str(refused(locked))


def test_workbook_named_csv_is_read_as_workbook(tmp_path: Path):
    path = tmp_path / "export.csv"
    book = openpyxl.Workbook()
    book.active.append(["a", 2.5])
    book.save(path)
    wb = read_sheets(path)
    assert wb.sheets["Sheet"] == [["a", 2.5]] and not wb.is_csv
    assert wb.warnings[0].severity == "warning" and "read as a workbook" in wb.warnings[0].message


# ---- CSV --------------------------------------------------------------------------------------------------


def test_reads_real_csv():
    wb = read_sheets(real("egdi/EGOV_DATA_2022.csv"))
    assert list(wb.sheets) == [CSV_SHEET] and wb.is_csv and wb.encoding == "utf-8" and wb.warnings == []
    rows = wb.sheets[CSV_SHEET]
    assert rows[0][:2] == ["Survey Year", "Country Name"] and len(rows) == 194
    assert wb.sheet_label(CSV_SHEET) is None


def test_xlsx_that_is_really_csv_is_read_as_csv_with_a_warning(tmp_path: Path):
    path = write_csv(tmp_path, "a,b\n1,2\n", name="data.xlsx")
    wb = read_sheets(path)
    assert wb.sheets[CSV_SHEET] == [["a", "b"], ["1", "2"]]
    assert "holds plain text: it was read as CSV" in wb.warnings[0].message


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-be", None)]
)
def test_utf8_bom_and_utf16(tmp_path: Path, encoding: str, expected: str | None):
    text = "Country Name;Value\nҚазақстан;0,5\nTürkiye;1\n"
    data = text.encode(encoding)
    if expected is None:  # UTF-16 big-endian with its BOM
        data, expected = b"\xfe\xff" + data, "utf-16"
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    wb = read_sheets(path)
    assert wb.encoding == expected
    assert wb.sheets[CSV_SHEET] == [["Country Name", "Value"], ["Қазақстан", "0,5"], ["Türkiye", "1"]]


def test_cp1251_is_read_with_a_warning(tmp_path: Path):
    path = write_csv(tmp_path, "Страна;Значение\nКазахстан;1,5\n", encoding="cp1251")
    wb = read_sheets(path)
    assert wb.encoding == "cp1251"
    assert wb.sheets[CSV_SHEET] == [["Страна", "Значение"], ["Казахстан", "1,5"]]
    assert "read as Windows-1251 (cp1251)" in wb.warnings[0].message
    assert wb.warnings[0].severity == "warning"


def test_latin_text_that_is_not_utf8_is_refused_with_the_offset(tmp_path: Path):
    # Windows-1252 'ü' would read as Cyrillic 'ь' in cp1251: refuse rather than guess
    path = write_csv(tmp_path, "Country,Value\nTürkiye,1\n", encoding="cp1252")
    error = refused(path)
    assert "byte offset 15" in str(error) and "CSV UTF-8" in str(error)


def test_binary_bytes_are_refused(tmp_path: Path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b\n" + bytes([0x81, 0x00, 0x98, 0xFF, 0x00]) * 50)
    error = refused(path)
    assert "byte offset 4" in str(error) and "CSV UTF-8" in error.problems[0].hint
    path.write_bytes(b"a,b\n1,\x00\x01\x02\n")  # valid UTF-8 but binary
    assert "binary data" in str(refused(path))


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str):
    lines = ["Country Name|Code|2020", '"Korea, Rep."|KOR|1.5', "Kazakhstan|KAZ|..", ""]
    path = write_csv(tmp_path, "\n".join(lines).replace("|", delimiter))
    rows = read_sheets(path).sheets[CSV_SHEET]
    assert rows[1] == ["Korea, Rep.", "KOR", "1.5"] and rows[2] == ["Kazakhstan", "KAZ", ".."]


SEMICOLON_WITH_TITLE = [
    "Table 3. Government effectiveness, 2019-2021 (score, 0-100)",
    "Source: national statistics office, edition 2023",
    "",
    "Country;Code;2019;2020;2021",
    "Kazakhstan;KAZ;1 234,5;56,2;57,1",
    "Kyrgyzstan;KGZ;41,3;;43,0",
    "Uzbekistan;UZB;..;50,5;51",
    "",
    "Notes: '..' means not available, figures are provisional, revised yearly",
]


def test_semicolon_file_with_title_and_notes_lines(tmp_path: Path):
    rows = read_sheets(write_csv(tmp_path, "\n".join(SEMICOLON_WITH_TITLE))).sheets[CSV_SHEET]
    assert rows[3] == ["Country", "Code", "2019", "2020", "2021"]
    assert rows[4] == ["Kazakhstan", "KAZ", "1 234,5", "56,2", "57,1"]
    assert rows[5] == ["Kyrgyzstan", "KGZ", "41,3", "", "43,0"]
    assert rows[0] == ["Table 3. Government effectiveness, 2019-2021 (score, 0-100)"]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        # every data row has the same number of decimal commas: the header line decides
        ("Country;Value;Other\nKAZ;1,5;2,5\nKGZ;3,5;4,5\nUZB;5,5;6,5\n", ";"),
        # decimal commas in some cells only, and a title with commas
        ("Scores, all years, provisional\nCountry;2020;2021\nKAZ;1 234,5;3\nKGZ;2;4,25\nUZB;;7,5\n", ";"),
        # commas inside quoted names, a title line with a semicolon
        ('Source: WGI; edition 2024\nCountry,Code,2020\n"Korea, Rep.",KOR,1.5\n"Iran, Islamic Rep.",IRN,-1\n'
         "Kazakhstan,KAZ,0.2\n", ","),
        # tabs, with commas and semicolons inside names
        ("Report of 2024, page 3\nCountry\tValue\nKorea, Rep.\t1,5\nA; B\t2\nKazakhstan\t3\n", "\t"),
        # a quoted field spanning two lines
        ('name;note;value\nKAZ;"line one,\nline two";1,5\nKGZ;plain;2,5\nUZB;x;3\n', ";"),
        ("Country|Value\nKAZ|1,5\nKGZ|2,5\n", "|"),
        # as many commas as semicolons on every line: the split that leaves no 'KAZ;1' cells wins
        ("Country;Value, %\nKAZ;1,5\nKGZ;2,5\nUZB;3,25\n", ";"),
        ("Country\nKazakhstan\nKyrgyzstan\n", ","),  # one column
    ],
)
def test_sniff_delimiter(text: str, delimiter: str):
    assert reading.sniff_delimiter(text) == delimiter


# ---- numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12.5", 12.5),
        ("0.14681467413902283", 0.14681467413902283),
        ("-2.0680975914001465", -2.0680975914001465),
        ("1e-3", 0.001),
        (" 28 ", 28.0),
        ("\u22123.5", -3.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234\u00a0567", 1234567.0),
        ("1 234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567.0),
        ("12,5", 12.5),
        ("0,123", 0.123),
        ("1234,567", 1234.567),
        ("1.234", 1.234),
    ],
)
def test_parse_number_reads(text: str, number: float):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "..", "...", "…", "#N/A", "N/A", "n/a", "NA", "-", "—", "  ", "x",
                                  "[z]", "[x]", "[c]", "[u]"])
def test_parse_number_missing_markers(text: str):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "12 cars", "12%", "1_000", "1,2,3", "1.2.3,4.5"])
def test_parse_number_refuses(text: str):
    assert parse_number(text) == "not a number"


def test_parse_number_refuses_ambiguous_thousands():
    assert parse_number("1,234").startswith("ambiguous")
    assert parse_number("-12,345").startswith("ambiguous")


def test_to_numbers_keeps_floats_exact_and_locates_errors():
    cells = [
        0.14681467413902283,
        "..",
        None,
        "",
        7,
        "0.8628",
        "abc",
        True,
        datetime.date(2020, 1, 1),
        "1,234",
    ]
    rows = list(range(5, 15))
    values, problems = to_numbers(cells, file="f.xlsx", sheet="S", column="estimate", rows=rows)
    assert values[0] == 0.14681467413902283 and values[4] == 7.0 and values[5] == 0.8628
    assert all(math.isnan(values[i]) for i in (1, 2, 3, 6, 7, 8, 9))
    assert [(p.row, p.value) for p in problems] == [
        (11, "abc"),
        (12, True),
        (13, datetime.date(2020, 1, 1)),
        (14, "1,234"),
    ]
    first = problems[0]
    assert (first.file, first.sheet, first.column, first.severity) == ("f.xlsx", "S", "estimate", "error")
    assert "type a number" in first.hint and "'..'" in first.hint


def test_to_numbers_caps_the_problem_list():
    values, problems = to_numbers(["abc"] * 50, file="f", sheet=None, column="c", rows=range(2, 52))
    assert np.isnan(values).all()
    assert len(problems) == reading.MAX_PROBLEMS_PER_COLUMN + 1
    assert "30 more cells" in problems[-1].message


def test_to_numbers_numeric_arrays_pass_through():
    values, problems = to_numbers(np.array([1.5, np.nan]), file="f", sheet=None, column="c", rows=[2, 3])
    assert values[0] == 1.5 and np.isnan(values[1]) and problems == []


# ---- headers ----------------------------------------------------------------------------------------------


def test_find_header_row():
    rows = [["Title", ""], ["", ""], ["", ""], [" Country / Territory ", "ISO3 "], ["Kazakhstan", "KAZ"]]
    assert find_header_row(rows, {"country / territory", "ISO3"}) == 3
    assert find_header_row(rows, {"iso3", "rank"}) is None
    assert find_header_row(rows, {"iso3"}, max_scan=3) is None
    assert find_header_row([], {"a"}) is None
