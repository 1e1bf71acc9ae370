"""Open an input file safely (workbook or CSV, by its bytes) and turn its cells into numbers and tables."""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import python_calamine as calamine

from core.errors import Problem, ValidationError
from core.settings import settings
from etl.model import OBSERVATION_COLUMNS
from etl.read.cell_errors import NOT_AVAILABLE, CellError, error_cells, error_message, xlsx_error_cells
from etl.read.cell_errors import Cells as ErrorCells
from etl.read.csv_text import line_and_char, read_rows
from etl.read.first_rows import first_rows
from etl.read.tokens import MAX_MAGNITUDE, MISSING, parse_number, refused, wide_digits

# The sheet name under which a CSV file's only table is returned. Observations read from a CSV carry
# sheet=None (see OBSERVATION_COLUMNS); use `Workbook.sheet_label(name)` to get that.
CSV_SHEET = ""

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE2 directory are UTF-16LE; an encrypted OOXML workbook keeps its content here.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ZIP_ABSOLUTE_LIMIT = 500 * 1024 * 1024  # uncompressed bytes a workbook may expand to, whatever max_bytes is

PASSWORD_MESSAGE = (
    "the workbook is password-protected: remove the password in Excel (File > Info > Protect Workbook) "
    "and upload again"
)
SAVE_AGAIN_HINT = "open it in Excel and save it again as .xlsx (File > Save As > Excel Workbook)"
UTF8_HINT = "open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', or save it as .xlsx"
NUMBER_HINT = "type a number, or leave the cell empty / '..' for missing"

# Cell texts that mean "no value" (compared after strip, case-insensitively): etl/read/tokens.py keeps them.
MISSING_MARKERS = frozenset(MISSING)
MAX_PROBLEMS_PER_COLUMN = 20

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MIXED_SCRIPT = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Workbook:
    """The cells of one input file: sheet name -> rows of Python values (str, float, int, bool, date, "")."""

    path: Path
    sheets: dict[str, list[list]]  # a CSV has one sheet, named CSV_SHEET ("")
    hidden: set[str] = field(default_factory=set)
    warnings: list[Problem] = field(default_factory=list)
    encoding: str | None = None  # the text encoding of a CSV; None for a workbook

    @property
    def is_csv(self) -> bool:
        return self.encoding is not None

    @property
    def file(self) -> str:
        return self.path.name

    def sheet_label(self, name: str) -> str | None:
        """The sheet name as observations and problems carry it: None for a CSV."""
        return None if self.is_csv else name


def default_max_bytes() -> int:
    """The upload size limit: `HUB_MAX_UPLOAD_MB` megabytes, 50 unless set."""
    return settings().max_upload_bytes


def _fail(path: Path, title: str, message: str, hint: str = "", **where: object) -> ValidationError:
    return ValidationError(title, [Problem(message, file=path.name, hint=hint, **where)])


def check_file(path: Path, max_bytes: int | None = None, max_unzipped_bytes: int | None = None) -> str:
    """"workbook" or "text", by the file's bytes; ValidationError for empty, oversized, password-protected files
    and zip workbooks that would expand past `max_unzipped_bytes` (default 10 x max_bytes, at most 500 MB)."""
    max_bytes = default_max_bytes() if max_bytes is None else max_bytes
    if max_unzipped_bytes is None:
        max_unzipped_bytes = min(10 * max_bytes, ZIP_ABSOLUTE_LIMIT)
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, "Empty file", "the file is empty (0 bytes)", "check that you picked the right file")
    if size > max_bytes:
        raise _fail(
            path,
            "File too large",
            f"the file is {size / 1e6:.1f} MB, more than the limit of {max_bytes / 1e6:.1f} MB",
            "remove sheets or columns that are not needed, or ask an administrator to raise "
            "HUB_MAX_UPLOAD_MB",
        )
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(ZIP_MAGIC):
        _check_zip(path, max_unzipped_bytes)
        return "workbook"
    if head == OLE2_MAGIC:
        if ENCRYPTED_STREAM in path.read_bytes():
            raise _fail(path, "Password-protected workbook", PASSWORD_MESSAGE)
        return "workbook"
    return "text"


def read_sheets(path: Path, max_bytes: int | None = None, max_unzipped_bytes: int | None = None,
                rows: int | None = None) -> Workbook:
    """Every sheet's cells of `path`, read as what its bytes are (zip/OLE2 workbook or CSV text), not by name.

    Refuses (ValidationError) empty, oversized, damaged, password-protected and undecodable files, and
    zip-based workbooks whose members would expand past `max_unzipped_bytes` (default 10 x max_bytes,
    at most 500 MB) before anything is expanded. `rows`: only the first rows of each workbook sheet are made
    into Python cells (a preview); an .xlsx/.xlsm is then parsed no further than those rows (see _read_workbook).
    """
    path = Path(path)
    kind = check_file(path, max_bytes, max_unzipped_bytes)
    suffix = path.suffix.lower()
    if kind == "workbook":
        return _read_workbook(path, suffix, rows)
    wb = _read_csv(path)
    if suffix in WORKBOOK_SUFFIXES:
        wb.warnings.insert(
            0,
            Problem(
                f"the file is named '{suffix}' but holds plain text: it was read as CSV",
                file=path.name,
                hint="if the values look wrong, open it in Excel and save it as a real workbook",
                severity="warning",
            ),
        )
    return wb


def _check_zip(path: Path, limit: int) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        raise _fail(
            path,
            "Damaged workbook",
            f"{path.name} is not a readable Excel workbook: it seems truncated or damaged ({e})",
            SAVE_AGAIN_HINT,
        ) from None
    total = sum(m.file_size for m in members)
    if total > limit:
        raise _fail(
            path,
            "Workbook too large when unpacked",
            f"the workbook would unpack to {total / 1e6:.0f} MB, more than the limit of {limit / 1e6:.0f} MB",
            "a workbook this large cannot be loaded here; remove unneeded sheets, or check that the file is "
            "what you meant to upload",
        )


def _read_workbook(path: Path, suffix: str, rows: int | None = None) -> Workbook:
    """The workbook's cells; with `rows`, an .xlsx/.xlsm's sheets are read from a copy cut after their first rows
    (etl.read.first_rows), so a preview does not parse whole sheets: its rows are then as wide as the cells within
    them (a column whose cells all lie further down is left out; CSV rows are ragged too), and it ends at their
    last non-empty row. Anything else, or a copy python-calamine cannot read, is read from the file itself."""
    sheets = errors = None
    if rows is not None and (copy := first_rows(path, rows)) is not None:
        try:
            sheets, hidden = _cells(calamine.CalamineWorkbook.from_filelike(copy), rows)
        except calamine.CalamineError:
            pass  # read the file itself below: it says what is wrong with it, if anything is
        else:
            errors = _copy_error_cells(copy)
    try:
        if sheets is None:
            sheets, hidden = _cells(calamine.CalamineWorkbook.from_path(str(path)), rows)
    except calamine.PasswordError:
        raise _fail(path, "Password-protected workbook", PASSWORD_MESSAGE) from None
    except calamine.CalamineError as e:
        raise _fail(
            path,
            "Damaged workbook",
            f"{path.name} is not a readable Excel workbook: it seems truncated or damaged ({e})",
            SAVE_AGAIN_HINT,
        ) from None
    # python-calamine reads an error cell (#DIV/0!, #REF!, ...) as "": put the error back, so that it is reported
    for name, cells in (error_cells(path, rows) if errors is None else errors).items():
        grid = sheets.get(name)
        for (r, c), code in (cells.items() if grid is not None else ()):
            if r < len(grid) and c < len(grid[r]) and grid[r][c] in ("", None):
                grid[r][c] = CellError(code)
    warnings = []
    if suffix not in WORKBOOK_SUFFIXES:
        warnings.append(
            Problem(
                f"the file is named '{suffix}' but is an Excel workbook: it was read as a workbook",
                file=path.name,
                severity="warning",
            )
        )
    return Workbook(path=path, sheets=sheets, hidden=hidden, warnings=warnings, encoding=None)


def _copy_error_cells(copy: io.BytesIO) -> ErrorCells | None:
    """The error cells of the cut copy (its sheets hold the first rows only, so the file is not read again for
    them); None if the copy's parts cannot be read that way (the file's own are read then)."""
    try:
        with zipfile.ZipFile(copy) as z:
            return xlsx_error_cells(z)
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError):
        return None


def _cells(book: calamine.CalamineWorkbook, rows: int | None) -> tuple[dict[str, list[list]], set[str]]:
    """The first `rows` rows (all when None) of each worksheet, in the workbook's order, and the hidden sheets."""
    sheets: dict[str, list[list]] = {}
    hidden: set[str] = set()
    for meta in book.sheets_metadata:
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue  # chart and dialog sheets hold no cells
        # skip_empty_area=False keeps leading empty rows and columns, so row i is spreadsheet row i + 1
        sheets[meta.name] = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False, nrows=rows)
        if meta.visible != calamine.SheetVisibleEnum.Visible:
            hidden.add(meta.name)
    return sheets, hidden


def _decode(path: Path, data: bytes) -> tuple[str, str, list[Problem]]:
    """The text of a CSV file, the encoding it was read with, and warnings."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        if encoding != "utf-8":
            raise _fail(
                path,
                "Unreadable text",
                f"the text is not valid {encoding} at byte offset {e.start}",
                UTF8_HINT,
            ) from None
        text = _cp1251(data)
        if text is None:
            raise _fail(
                path,
                "Unreadable text",
                f"the file is neither an Excel workbook nor UTF-8 text: byte {data[e.start]:#04x} at byte "
                f"offset {e.start} cannot be read",
                UTF8_HINT,
            ) from None
        warning = Problem(
            "the file is not UTF-8: it was read as Windows-1251 (cp1251)",
            file=path.name,
            hint="check that names in Cyrillic look right; saving as 'CSV UTF-8' avoids the guess",
            severity="warning",
        )
        return text, "cp1251", [warning]
    bad = _CONTROL.search(text)
    if bad:
        offset = len(text[: bad.start()].encode(encoding.replace("-sig", "")))
        line, char = line_and_char(text, bad.start())
        raise _fail(
            path,
            "Unreadable text",
            f"the file holds binary data, not text: control character {ord(bad.group()):#04x} on line {line:,}, "
            f"character {char:,} (byte offset {offset:,})",
            UTF8_HINT,
            row=line,
            value=text[max(0, bad.start() - 20) : bad.start() + 20],
        )
    return text, encoding, []


def _cp1251(data: bytes) -> str | None:
    """The text if `data` reads as Russian-language Windows-1251 text, else None."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return None
    # cp1251 decodes almost any byte: accept it only for Cyrillic words, not stray letters inside Latin words
    # (a Windows-1252 'Türkiye' would read as 'Tьrkiye') and not binary data.
    if _CONTROL.search(text) or not _CYRILLIC.search(text) or _MIXED_SCRIPT.search(text):
        return None
    return text


DELIMITERS = (",", ";", "\t", "|")  # in order of preference when two fit equally well
SNIFF_CHARS = 256 * 1024
SNIFF_LINES = 500


def sniff_delimiter(text: str) -> str:
    """The field separator of CSV `text`: the one that splits the most lines into the same number of fields.

    Each candidate parses a sample (quotes respected, so "Korea, Rep." stays one field). Its score is how
    many lines have its most common field count (of two or more fields); title and note lines above or below
    the table, and decimal commas inside ';' or tab fields, change the count of few lines. Ties go to the
    split that leaves fewer text cells holding another candidate separator ("KAZ;1" when ',' splits
    "KAZ;1,5"), then to the wider table, then to the order of DELIMITERS; one column reads as ','.
    """
    lines = text[:SNIFF_CHARS].splitlines()
    if len(text) > SNIFF_CHARS and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut in the middle
    sample = "\n".join(line for line in lines[:SNIFF_LINES] if line.strip())
    best, best_score = ",", (0, 0, 0)
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        frequency: dict[int, int] = defaultdict(int)
        for row in rows:
            if len(row) > 1:
                frequency[len(row)] += 1
        if not frequency:
            continue
        width, lines_fitting = max(frequency.items(), key=lambda item: (item[1], item[0]))
        others = [d for d in DELIMITERS if d != delimiter]
        mixed = sum(
            1
            for row in rows
            if len(row) == width
            for cell in row
            if any(d in cell for d in others) and isinstance(parse_number(cell), str)
        )
        if (lines_fitting, -mixed, width) > best_score:
            best, best_score = delimiter, (lines_fitting, -mixed, width)
    return best


def _read_csv(path: Path) -> Workbook:
    text, encoding, warnings = _decode(path, path.read_bytes())
    delimiter = sniff_delimiter(text)
    rows, found = read_rows(text, delimiter, path.name)  # faults of the text located by line and field
    return Workbook(path=path, sheets={CSV_SHEET: rows}, hidden=set(), warnings=warnings + found, encoding=encoding)


# ---- numbers ----------------------------------------------------------------------------------------------

# type -> 0 number (or empty), 1 text, 2 other (bool, date, ...), 3 a spreadsheet error cell; looked up with
# C-level map() for speed
_KIND: defaultdict[type, int] = defaultdict(
    lambda: 2, {float: 0, int: 0, type(None): 0, np.float64: 0, str: 1, CellError: 3}
)


def cell_kinds(obj: np.ndarray) -> np.ndarray:
    """Per cell: 0 number or empty, 1 text, 2 anything else, 3 an error cell such as #DIV/0! (see _KIND)."""
    return np.fromiter(map(_KIND.__getitem__, map(type, obj)), dtype=np.int8, count=len(obj))


def to_numbers(
    values: Sequence | pd.Series | np.ndarray,
    *,
    file: str,
    sheet: str | None,
    column: str,
    rows: Sequence[int] | np.ndarray,
    kinds: np.ndarray | None = None,
) -> tuple[np.ndarray, list[Problem]]:
    """Cells as floats (NaN where missing or wrong) and an error Problem per cell that is not a number.

    Numbers pass unchanged unless infinite or beyond MAX_MAGNITUDE (errors); -0 becomes 0. Text goes through
    `parse_number`; digits typed full-width ("１２３") are read with a warning. Error cells (#DIV/0!, #REF!, ...)
    are errors naming the code; an #N/A error cell (a formula's "not available") is missing, with a warning.
    Booleans, dates and other types are errors. At most MAX_PROBLEMS_PER_COLUMN problems of each severity
    are listed per column, then one that counts the rest. `kinds`: cell_kinds(values) when the caller has it.
    """
    obj = np.asarray(values, dtype=object) if not isinstance(values, pd.Series) else values.to_numpy()
    bad: list[tuple[int, object, str]] = []
    notes: list[tuple[int, object, str]] = []
    if obj.dtype.kind in "fiu":
        out = obj.astype(float)
    else:
        n = len(obj)
        kind = cell_kinds(obj) if kinds is None else kinds
        out = np.full(n, np.nan)
        numeric = kind == 0
        out[numeric] = obj[numeric].astype(float)  # None becomes NaN
        text = np.flatnonzero(kind == 1)
        if len(text):
            parsed = {t: parse_number(t) for t in set(obj[text])}
            for i in text:
                p = parsed[obj[i]]
                if isinstance(p, float):
                    out[i] = p
                    if not obj[i].isascii() and wide_digits(obj[i]):
                        notes.append((i, obj[i], f"digits typed full-width or in another script read as {p:g}"))
                elif isinstance(p, str):
                    bad.append((i, obj[i], p))
        for i in np.flatnonzero(kind == 3):
            code = str(obj[i])
            if code == NOT_AVAILABLE:
                notes.append((i, code, "#N/A in the source cell (a formula's 'not available'): stored as missing; "
                                       "if a lookup failed, fix it"))
            else:
                bad.append((i, code, error_message(code)))
        for i in np.flatnonzero(kind == 2):
            bad.append((i, obj[i], f"not a number ({type(obj[i]).__name__})"))
    with np.errstate(invalid="ignore"):
        wrong = np.flatnonzero(np.isinf(out) | (np.abs(out) > MAX_MAGNITUDE))
    for i in wrong:  # numeric cells (text was checked by parse_number)
        bad.append((int(i), obj[i], refused(float(out[i]))))
    out[wrong] = np.nan
    out[out == 0] = 0.0  # -0 is stored as 0
    bad.sort(key=lambda b: b[0])
    notes.sort(key=lambda b: b[0])
    return out, _listed(bad, "error", file, sheet, column, rows) + _listed(notes, "warning", file, sheet, column, rows)


def _listed(found: list[tuple[int, object, str]], severity: str, file: str, sheet: str | None, column: str,
            rows: Sequence[int] | np.ndarray) -> list[Problem]:
    """The first MAX_PROBLEMS_PER_COLUMN cells as located problems, then one that counts the rest."""
    problems = [
        Problem(message, file=file, sheet=sheet, row=int(rows[i]), column=column, value=v, hint=NUMBER_HINT,
                severity=severity)
        for i, v, message in found[:MAX_PROBLEMS_PER_COLUMN]
    ]
    if len(found) > MAX_PROBLEMS_PER_COLUMN:
        what = "are not numbers" if severity == "error" else "were read with a warning"
        problems.append(
            Problem(
                f"{len(found) - MAX_PROBLEMS_PER_COLUMN} more cells in this column {what}",
                file=file,
                sheet=sheet,
                column=column,
                hint=NUMBER_HINT,
                severity=severity,
            )
        )
    return problems


# ---- tables -----------------------------------------------------------------------------------------------


def clean(cell: object) -> str:
    """A header cell as text for matching: stripped and lower-case ("" for empty cells)."""
    return "" if cell is None else str(cell).strip().casefold()


def find_header_row(rows: list[list], required: set[str], max_scan: int = 30) -> int | None:
    """The 0-based index of the first row (among the first `max_scan`) holding every `required` header.

    Headers match after strip, case-insensitively. Spreadsheet row number = index + 1.
    """
    want = {clean(r) for r in required}
    for i, row in enumerate(rows[:max_scan]):
        if want <= {clean(c) for c in row}:
            return i
    return None


def first_cells(rows: list[list], limit: int = 12, max_scan: int = 30) -> list[str]:
    """The first non-empty row's cells (up to `limit`), to tell a person what a sheet starts with."""
    for row in rows[:max_scan]:
        cells = [str(c).strip() for c in row if str(c).strip()]
        if cells:
            return cells[:limit]
    return []


def table(
    wb: Workbook, sheet: str, header_row: int, required: Sequence[str], optional: Sequence[str] = ()
) -> pd.DataFrame:
    """The rows below `header_row` of `sheet` as a DataFrame with the `required` and found `optional` columns.

    Columns are named as in `required` / `optional` (matched after strip, case-insensitively) and a `row`
    column holds the spreadsheet row number. Rows whose chosen cells are all empty are dropped. A missing
    required column raises ValidationError naming the file, sheet, missing columns and the header found.
    """
    rows = wb.sheets[sheet]
    header = [clean(c) for c in rows[header_row]]
    positions: dict[str, int] = {}
    for name in list(required) + list(optional):
        if clean(name) in header:
            positions[name] = header.index(clean(name))
    missing = [name for name in required if name not in positions]
    if missing:
        raise missing_columns(wb, sheet, header_row, missing)
    body = rows[header_row + 1 :]
    if body and min(map(len, body)) != max(map(len, body)):  # ragged CSV lines (footers): pad them
        width = max(map(len, body))
        body = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in body]
    cells = pd.DataFrame(body, dtype=object)
    frame = pd.DataFrame(
        {
            name: cells[j] if j in cells.columns else pd.Series(None, index=cells.index, dtype=object)
            for name, j in positions.items()
        }
    )
    frame["row"] = np.arange(header_row + 2, header_row + 2 + len(body))
    filled = np.zeros(len(body), dtype=bool)
    for name in positions:
        filled |= ~(frame[name].isna() | frame[name].eq("")).to_numpy(dtype=bool)
    return frame[filled].reset_index(drop=True)


def missing_columns(wb: Workbook, sheet: str, header_row: int, missing: Sequence[str]) -> ValidationError:
    """The error for a header row that lacks expected columns."""
    found = [str(c).strip() for c in wb.sheets[sheet][header_row] if str(c).strip()]
    where = f"sheet '{sheet}'" if not wb.is_csv else "the file"
    return ValidationError(
        "Missing columns",
        [
            Problem(
                f"{where} lacks the column(s) {', '.join(repr(m) for m in missing)}; the header row has: "
                f"{', '.join(repr(f) for f in found)}",
                file=wb.file,
                sheet=wb.sheet_label(sheet),
                row=header_row + 1,
                hint="restore the missing columns with their original headers, or upload the file as its "
                "publisher released it",
            )
        ],
    )


def _text(cell: object) -> str | None:
    text = "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell).strip()
    return text or None


def text_column(values: pd.Series) -> pd.Series:
    """Cells as stripped text, None where empty (codes, indicator letters); each distinct cell read once."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    texts = np.array([_text(u) for u in uniques], dtype=object)
    return pd.Series(texts[codes] if len(codes) else [], index=values.index, dtype=object)


def to_years(
    values: Sequence | pd.Series,
    *,
    file: str,
    sheet: str | None,
    column: str,
    rows: Sequence[int] | np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """Cells as integer years: (years, which cells hold a whole number, error Problems for the others)."""
    numbers, problems = to_numbers(values, file=file, sheet=sheet, column=column, rows=rows)
    valid = np.isfinite(numbers) & (numbers == np.round(numbers))
    for i in np.flatnonzero(~valid):
        value = values.iloc[i] if isinstance(values, pd.Series) else values[i]
        if np.isfinite(numbers[i]):
            message = "the year is not a whole number"
        elif value is None or (isinstance(value, str) and parse_number(value) is None):
            message = "the year is missing"
        else:
            continue  # to_numbers has reported it
        problems.append(
            Problem(
                message,
                file=file,
                sheet=sheet,
                row=int(rows[i]),
                column=column,
                value=value,
                hint="type the year as four digits, e.g. 2023",
            )
        )
    return np.where(valid, numbers, 0).astype(np.int64), valid, problems


def observations(**columns: object) -> pd.DataFrame:
    """A DataFrame with exactly OBSERVATION_COLUMNS in order; absent value columns are NaN, codes None.

    Text columns are object dtype, so that None stays None (pandas would turn it into NaN in a str column).
    """
    n = max(len(v) for v in columns.values() if not isinstance(v, str | type(None)))
    data = {}
    # columns holding one value on every row share one array (absent numbers share the NaN one)
    # (Series, not arrays: pandas then knows they are shared and copies a column before writing into it)
    no_numbers: pd.Series | None = None
    repeated: dict[str | None, pd.Series] = {}
    for name in OBSERVATION_COLUMNS:
        value = columns.get(name)
        if name in ("value", "std_error", "lower", "upper", "n_sources"):
            if value is None:
                no_numbers = pd.Series(np.full(n, np.nan)) if no_numbers is None else no_numbers
                data[name] = no_numbers
            else:
                data[name] = np.asarray(value, dtype=float)
        elif name in ("year", "row"):
            data[name] = np.asarray(value, dtype=np.int64)
        elif name == "breakdown" and value is None:
            data[name] = _text_repeated(repeated, "", n)  # no breakdown: every row is a total
        elif isinstance(value, str | type(None)):
            data[name] = _text_repeated(repeated, value, n)
        else:
            data[name] = pd.Series(np.asarray(value, dtype=object), dtype=object)
    return pd.DataFrame(data, copy=False)  # copy=False: the columns are not stacked into 2-D blocks (a copy)


def _text_repeated(repeated: dict[str | None, pd.Series], value: str | None, n: int) -> pd.Series:
    """One object referenced n times (np.full would make n copies of a string), shared between columns."""
    if value not in repeated:
        repeated[value] = pd.Series(np.array([value], dtype=object).repeat(n), dtype=object)
    return repeated[value]


def missing_sheet(wb: Workbook, wanted: str, hint: str = "") -> ValidationError:
    """The error for a file that lacks an expected sheet or table, saying what it holds instead."""
    found = ", ".join(f"'{name}' (starts with: {first_cells(rows, 6)})" for name, rows in wb.sheets.items())
    return ValidationError(
        "Missing sheet",
        [
            Problem(
                f"no {wanted} found; the file holds: {found or 'no sheets'}",
                file=wb.file,
                hint=hint or "upload the file as published, with its sheets and headers unchanged",
            )
        ],
    )


def find_table(wb: Workbook, signature: set[str], max_scan: int = 30) -> tuple[str, int] | None:
    """The first sheet, and its header row index, whose header holds every column in `signature`."""
    for name, rows in wb.sheets.items():
        header_row = find_header_row(rows, signature, max_scan)
        if header_row is not None:
            return name, header_row
    return None
