"""A file's sheets as Arrow tables, without a Python object per cell: workbooks through fastexcel (calamine),
CSV text through DuckDB's reader. The first rows of each sheet are also given as Python cells, to recognise
the layout and find the header."""

from __future__ import annotations

import csv
import html
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from xml.etree import ElementTree

import duckdb
import fastexcel
import numpy as np
import pyarrow as pa

from core.errors import Problem, ValidationError
from etl.read.cell_errors import error_cells
from etl.read.cells import column_index
from etl.read.frames import take_texts
from etl.read.sheets import (
    CSV_SHEET,
    SAVE_AGAIN_HINT,
    WORKBOOK_SUFFIXES,
    _decode,
    check_file,
    sniff_delimiter,
)
from etl.read.tokens import EXCEL_ERRORS, FORMULA_NA, MAX_MAGNITUDE
from etl.read.xlsx_parts import MAIN, sheet_members
from store.queries import sql

HEAD_ROWS = 40  # rows of each sheet read as Python cells to recognise the layout and find the header
# a number as text: DuckDB casts these exactly; anything else goes through etl/read/tokens.py
NUMBER_SQL = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"
_DETAIL = re.compile(r"got '(\w+)\((.*)\)'$", re.DOTALL)
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|.)")


@dataclass
class Body:
    """The rows of a sheet from `first_row` on: for each column j (0-based, as in the sheet), `t{j}` holds the
    cell as text where it is text, and `n{j}` (numeric columns only) the number where it is a number.
    `row` is the spreadsheet row number of each row."""

    table: pa.Table
    numeric: set[int]
    width: int


@dataclass
class Book:
    """An input file opened for fast reading. Sheets are named as in the file; a CSV has one sheet, ""."""

    path: Path
    is_csv: bool
    sheet_names: list[str]
    hidden: set[str] = field(default_factory=set)
    warnings: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    _delimiter: str = ","
    _text: str | None = None
    _heads: dict[str, list[list]] = field(default_factory=dict)
    _asked: dict[str, int] = field(default_factory=dict)  # rows asked for when a head was read

    @property
    def file(self) -> str:
        return self.path.name

    def sheet_label(self, name: str) -> str | None:
        return None if self.is_csv else name

    # -- the first rows, as Python cells -------------------------------------------------------------------

    def head(self, sheet: str, rows: int = HEAD_ROWS) -> list[list]:
        """The first `rows` rows of `sheet` as lists of cells (text, float, or "" for empty)."""
        rows = max(rows, 1)
        cached = self._heads.get(sheet)
        if cached is None or (len(cached) < rows and len(cached) >= self._asked.get(sheet, 0)):
            wanted = max(rows, HEAD_ROWS)
            self._heads[sheet] = self._csv_head(wanted) if self.is_csv else self._xlsx_rows(sheet, wanted)
            self._asked[sheet] = wanted
        return self._heads[sheet][:rows]

    def rows(self, sheet: str) -> list[list]:
        """Every row of a sheet as Python cells: for the small sheets a transposed layout reads."""
        if self.is_csv:
            return list(csv.reader(io.StringIO(self._text, newline=""), delimiter=self._delimiter))
        return self._xlsx_rows(sheet, None)

    def _xlsx_rows(self, sheet: str, rows: int | None) -> list[list]:
        if rows is not None and self.path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                return xlsx_head(self.path, sheet, rows)
            except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
                pass  # read it the long way below
        loaded = self._reader.load_sheet(sheet, header_row=None, skip_rows=0, n_rows=rows, dtypes="string")
        self._note_visibility(sheet, loaded)
        table = loaded.to_arrow()
        offset = _first_column(loaded)
        out = []
        columns = [c.to_pylist() for c in table.columns]
        for i in range(table.num_rows):
            out.append([""] * offset + ["" if c[i] is None else c[i] for c in columns])
        return out

    def _csv_head(self, rows: int) -> list[list]:
        out = []
        for record in csv.reader(io.StringIO(self._text[: 512 * 1024], newline=""), delimiter=self._delimiter):
            out.append(record)
            if len(out) >= rows:
                break
        return out

    # -- the body, as Arrow --------------------------------------------------------------------------------

    def body(self, sheet: str, first_row: int, numeric: set[int], width: int) -> Body:
        """Rows from `first_row` (0-based) to the end; `numeric`: columns whose numbers are read exactly."""
        return self._csv_body(first_row, numeric, width) if self.is_csv else \
            self._xlsx_body(sheet, first_row, numeric, width)

    @cached_property
    def _reader(self) -> fastexcel.ExcelReader:
        try:
            return fastexcel.read_excel(str(self.path))
        except fastexcel.FastExcelError as e:
            raise _damaged(self.path, e) from None

    def _xlsx_body(self, sheet: str, first_row: int, numeric: set[int], width: int) -> Body:
        try:
            loaded = self._reader.load_sheet(
                sheet, header_row=None, skip_rows=0, dtypes={j: ("float" if j in numeric else "string")
                                                             for j in range(width)})
            table, errors = loaded.to_arrow_with_errors()
        except fastexcel.FastExcelError as e:
            raise _damaged(self.path, e) from None
        self._note_visibility(sheet, loaded)
        offset = _first_column(loaded)
        n = table.num_rows
        texts: dict[int, tuple[list[int], list[str]]] = {}
        for e in errors.errors if errors else []:
            i, j = e.position
            texts.setdefault(j + offset, ([], []))
            texts[j + offset][0].append(i)
            texts[j + offset][1].append(_cell_text(e.detail))
        if self.path.suffix.lower() == ".ods":  # calamine reads an .ods error cell as empty: put the error back
            for (i, j), code in error_cells(self.path).get(sheet, {}).items():
                if j in numeric and i < table.num_rows and 0 <= j - offset < table.num_columns \
                        and not table.column(j - offset)[i].is_valid:
                    texts.setdefault(j, ([], []))
                    texts[j][0].append(i)
                    texts[j][1].append(FORMULA_NA if code == "#N/A" else code)
        arrays, names = [], []
        for j in range(width):
            k = j - offset
            column = table.column(k) if 0 <= k < table.num_columns else None
            if j in numeric:
                values = column.cast(pa.float64()) if column is not None else pa.nulls(n, pa.float64())
                values = self._implausible_as_text(sheet, k, values, texts.setdefault(j, ([], [])))
                arrays.append(values)
                names.append(f"n{j}")
                ids = np.full(n, -1, dtype=np.int64)
                found = texts.get(j)
                if found:
                    ids[np.asarray(found[0], dtype=np.int64)] = np.arange(len(found[1]))
                arrays.append(take_texts(found[1] if found else [], ids).cast(pa.string()))
            else:
                arrays.append(column.cast(pa.string()) if column is not None else pa.nulls(n, pa.string()))
            names.append(f"t{j}")
        arrays.append(pa.array(np.arange(1, n + 1, dtype=np.int64)))
        names.append("row")
        full = pa.table(arrays, names=names)
        return Body(full.slice(first_row), numeric, width)

    def _implausible_as_text(self, sheet: str, k: int, values: pa.Array, texts: tuple[list[int], list[str]]
                             ) -> pa.Array:
        """fastexcel reads the texts "1e309", "INF" and "NaN" in a number column as numbers: such cells (rare) are read
        again as typed and handed on as text, so tokens.parse_number refuses them with the cell's own words."""
        with np.errstate(invalid="ignore"):
            number = values.to_numpy(zero_copy_only=False)
            odd = np.flatnonzero((~np.isfinite(number) | (np.abs(number) > MAX_MAGNITUDE))
                                 & values.is_valid().to_numpy(zero_copy_only=False))
        if not odd.size:
            return values
        typed = self._reader.load_sheet(sheet, header_row=None, skip_rows=0, use_columns=[k],
                                        dtypes={k: "string"}).to_arrow().column(0)
        for i in odd.tolist():
            texts[0].append(i)
            texts[1].append(typed[i].as_py() or str(number[i]))
        keep = np.ones(len(values), dtype=bool)
        keep[odd] = False
        return pa.array(np.where(keep, number, np.nan), pa.float64(), mask=~(keep & values.is_valid().to_numpy(
            zero_copy_only=False)))

    def _csv_body(self, first_row: int, numeric: set[int], width: int) -> Body:
        lines_before = _physical_lines(self._text, self._delimiter, first_row)
        # columns that may hold numbers are m<j>, the others c<j> (store/queries/book.sql, csv_body)
        names = [f"m{j}" if j in numeric else f"c{j}" for j in range(width)]
        con = _connect()
        try:
            if _blank_line_inside(self._text, self._delimiter, width):
                # DuckDB's reader skips blank lines: read in Python so that row numbers stay those of the file
                records = list(csv.reader(io.StringIO(self._text, newline=""), delimiter=self._delimiter))[first_row:]
                con.register("raw", pa.table({name: pa.array([r[j] if j < len(r) else None for r in records],
                                                             pa.string()) for j, name in enumerate(names)}))
            else:
                con.read_csv(str(self._utf8_path()), header=False, all_varchar=True, null_padding=True,
                             parallel=False, sep=self._delimiter, quotechar='"', escapechar='"', strict_mode=False,
                             auto_detect=False, skiprows=lines_before,
                             columns=dict.fromkeys(names, "VARCHAR")).create_view("raw")
            table = con.sql(sql("book", "csv_body"), params={
                "number": NUMBER_SQL, "max_magnitude": MAX_MAGNITUDE, "first_row": first_row}).to_arrow_table()
            # the columns in the order Book.body gives them (n<j> and t<j> of each column j in turn, then row),
            # without the statement's placeholders
            table = table.select([name for j in range(width) for name in ((f"n{j}", f"t{j}") if j in numeric
                                                                          else (f"t{j}",))] + ["row"])
        except duckdb.Error as e:
            raise ValidationError("Unreadable text", [Problem(
                f"the CSV text could not be read as a table ({str(e).splitlines()[0]})", file=self.file,
                row=first_row + 1, hint="open it in Excel and save it as 'CSV UTF-8 (Comma delimited)'")]) from None
        finally:
            con.close()
        return Body(table, numeric, width)

    def _note_visibility(self, sheet: str, loaded: object) -> None:
        if str(getattr(loaded, "visible", "visible")).lower() not in ("visible", "sheetvisible.visible"):
            self.hidden.add(sheet)

    def _utf8_path(self) -> Path:
        if self.encoding in ("utf-8", "utf-8-sig"):
            return self.path
        tmp = Path(tempfile.mkdtemp(prefix="hub-csv-")) / "utf8.csv"
        tmp.write_text(self._text, encoding="utf-8")
        return tmp


def _connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for reading and reshaping (no store), with no progress bar on the terminal."""
    con = duckdb.connect()
    con.execute(sql("book", "quiet")).fetchall()
    return con


def open_book(path: Path, max_bytes: int | None = None) -> Book:
    """Open `path` by what its bytes are (zip/OLE2 workbook or CSV text); refuses empty, oversized, damaged,
    password-protected and undecodable files with a ValidationError."""
    path = Path(path)
    kind = check_file(path, max_bytes)
    suffix = path.suffix.lower()
    if kind == "workbook":
        try:
            reader = fastexcel.read_excel(str(path))
            names = list(reader.sheet_names)
        except fastexcel.FastExcelError as e:
            raise _damaged(path, e) from None
        book = Book(path=path, is_csv=False, sheet_names=names)
        book.__dict__["_reader"] = reader
        if suffix not in WORKBOOK_SUFFIXES:
            book.warnings.append(Problem(f"the file is named '{suffix}' but is an Excel workbook: it was read as a "
                                         "workbook", file=path.name, severity="warning"))
        return book
    text, encoding, warnings = _decode(path, path.read_bytes())
    if text.startswith("\ufeff"):
        text = text[1:]
    book = Book(path=path, is_csv=True, sheet_names=[CSV_SHEET], warnings=warnings, encoding=encoding,
                _delimiter=sniff_delimiter(text), _text=text)
    if suffix in WORKBOOK_SUFFIXES:
        book.warnings.insert(0, Problem(
            f"the file is named '{suffix}' but holds plain text: it was read as CSV", file=path.name,
            hint="if the values look wrong, open it in Excel and save it as a real workbook", severity="warning"))
    return book


_REF = re.compile(r"([A-Z]+)(\d+)")
_SI = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si/>", re.DOTALL)
_T = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.DOTALL)
_RPH = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.DOTALL)


def xlsx_head(path: Path, sheet: str, rows: int) -> list[list]:
    """The first `rows` rows of an .xlsx sheet as cells, read by streaming its XML and stopping there (calamine
    reads a whole sheet before giving its first row: for a 30,000-row sheet, that is most of the load)."""
    with zipfile.ZipFile(path) as z:
        member = sheet_members(z)[sheet]
        out: list[list] = []
        shared_wanted: list[tuple[int, int, int]] = []
        with z.open(member) as f:
            for _, el in ElementTree.iterparse(f, events=("end",)):
                if el.tag != MAIN + "row":
                    continue
                r = int(el.get("r") or len(out) + 1) - 1
                if r >= rows:
                    break
                while len(out) <= r:
                    out.append([])
                cells = out[r]
                for c in el.iter(MAIN + "c"):
                    m = _REF.match(c.get("r") or "")
                    j = column_index(m.group(1)) if m else len(cells)
                    while len(cells) <= j:
                        cells.append("")
                    kind, v = c.get("t"), c.find(MAIN + "v")
                    text = v.text if v is not None else None
                    if kind == "s" and text is not None:
                        shared_wanted.append((r, j, int(text)))
                    elif kind == "inlineStr":
                        cells[j] = "".join(t.text or "" for t in c.iter(MAIN + "t"))
                    elif kind in ("str", "e") and text is not None:
                        cells[j] = text
                    elif kind == "b" and text is not None:
                        cells[j] = text == "1"
                    elif text is not None:
                        cells[j] = float(text)
                el.clear()
        if shared_wanted:
            need = max(i for _, _, i in shared_wanted)
            strings: list[str] = []
            data = z.read("xl/sharedStrings.xml")
            for m in _SI.finditer(data):
                body = _RPH.sub(b"", m.group(1))
                strings.append(html.unescape(b"".join(_T.findall(body)).decode("utf-8")))
                if len(strings) > need:
                    break
            for r, j, i in shared_wanted:
                out[r][j] = strings[i]
    width = max((len(r) for r in out), default=0)
    return [r + [""] * (width - len(r)) for r in out[:rows]]


def _blank_line_inside(text: str, delimiter: str, width: int) -> bool:
    """Whether a blank line comes before a line that could hold data (footer notes below a blank line do not
    count: they have fewer fields than the table)."""
    core = text.rstrip()
    last = max(core.rfind("\n\n"), core.rfind("\n\r\n"))
    if last < 0:
        return False
    tail = core[last:].strip().splitlines()
    return len(tail) > 10 or any(line.count(delimiter) >= max(width - 1, 1) for line in tail)


def _first_column(sheet: object) -> int:
    columns = sheet.available_columns()
    return columns[0].absolute_index - columns[0].index if columns else 0


def _physical_lines(text: str, delimiter: str, records: int) -> int:
    """How many lines of `text` the first `records` CSV records take (a quoted field may hold line breaks)."""
    if records == 0:
        return 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for i, _ in enumerate(reader):
        if i + 1 == records:
            return reader.line_num
    return reader.line_num


def _cell_text(detail: str) -> str:
    """The cell behind a fastexcel conversion error ("Expected float but got 'String(\\"..\\")'") as a cell
    would show it: the text, an Excel error such as #N/A, TRUE/FALSE, or the date."""
    m = _DETAIL.search(detail)
    if not m:
        return detail
    kind, inner = m.group(1), m.group(2)
    if kind == "String":
        inner = inner[1:-1] if inner.startswith('"') and inner.endswith('"') else inner
        return _ESCAPE.sub(_unescape, inner)
    if kind == "Error":
        return FORMULA_NA if inner == "NA" else EXCEL_ERRORS.get(inner, f"#{inner.upper()}")
    if kind == "Bool":
        return inner.upper()
    return f"{kind.lower()} {inner}"


def _unescape(m: re.Match) -> str:
    code = m.group(1)
    if code.startswith("u{"):
        return chr(int(code[2:-1], 16))
    return {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(code, code)


def _damaged(path: Path, error: Exception) -> ValidationError:
    return ValidationError("Damaged workbook", [Problem(
        f"{path.name} is not a readable Excel workbook: it seems truncated or damaged ({error})", file=path.name,
        hint=SAVE_AGAIN_HINT)])
