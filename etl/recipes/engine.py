"""Applying recipes: which recipe a file fits, and reading the cells a recipe points at into observations.

Every layout comes down to one shape: a table whose value columns are found by their header (an exact text,
or a pattern whose named groups give the year, the indicator or a part), and whose other columns give the
country, year, indicator and breakdowns of each row. Wide by year, wide by indicator, long, SDMX-CSV and
transposed sheets (turned first) differ only in which of these the recipe names. The cells go to DuckDB as
Arrow; tokens, years, indicators and breakdowns are decided once per distinct text in Python
(etl/read/tokens.py), then joined back, checked for duplicates and pivoted into observations in SQL."""

from __future__ import annotations

import csv
import difflib
import math
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine as calamine

from core.errors import Problem, ValidationError
from etl import catalogue
from etl.model import OBSERVATION_COLUMNS, IndicatorMeta, Parsed, SourceMeta
from etl.read.book import Book, _connect, open_book
from etl.read.cells import column_index
from etl.read.formulas import BOOLEAN, formula_cells
from etl.read.frames import all_distinct
from etl.read.tokens import (
    EXCEL_ERRORS,
    FORMULA_NA,
    FORMULA_NA_NOTE,
    MAX_MAGNITUDE,
    read_value,
    read_year,
    refused,
    year_of_header,
)
from etl.recipes.mapping import FORMAT as MAPPED
from etl.recipes.mapping import column_letter
from etl.recipes.recipe import Recipe, all_recipes
from store.queries import sql

MAX_LISTED = 20  # faults of one kind listed one by one; the rest counted
RULE = "\x1d"  # marks an indicator code a value rule gives (not a cell to look up)
_SDMX_LABEL = re.compile(r"^([^\s:]+):\s.*$", re.DOTALL)
_LETTER = re.compile(r"^\(([A-Z]{1,3})\)$")  # an unnamed column, as the mapping form names it


def norm(text: object) -> str:
    """A header or code as compared: spaces collapsed, case folded."""
    return " ".join(str(text).split()).casefold() if text not in (None, "") else ""


def _alternatives(spec: object) -> list[str]:
    return [] if spec is None else [spec] if isinstance(spec, str) else [str(s) for s in spec]


# ---- recognising -------------------------------------------------------------------------------------------


@dataclass
class Fit:
    """How well a recipe fits a file: criteria met, the first one that failed, where its table starts."""

    recipe: Recipe
    met: int = 0
    failed: str | None = None  # why it does not fit (which column, sheet or value), None when it fits
    sheet: str | None = None
    header_row: int | None = None  # 0-based

    @property
    def ok(self) -> bool:
        return self.failed is None


def _headers(rows: list[list], i: int, count: int = 1, sdmx: bool = False) -> list[str]:
    """The header texts of row i (and the rows below it when the header has several rows), per column."""
    width = max((len(r) for r in rows[i:i + count]), default=0)
    parts: list[list[str]] = [[] for _ in range(width)]
    for k in range(count):
        row = rows[i + k] if i + k < len(rows) else []
        last = ""
        for j in range(width):
            cell = row[j] if j < len(row) else ""
            text = _cell_text(cell)
            if k < count - 1:  # an upper header row: a merged cell spans the empty cells to its right
                text = text or last
                last = text
            if sdmx and (m := _SDMX_LABEL.match(text)):
                text = m.group(1)
            if text:
                parts[j].append(text)
    return [" | ".join(p) for p in parts]


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime) and cell.time() == datetime.min.time():
        cell = cell.date()  # a date cell: "2020-01-01", not "2020-01-01 00:00:00"
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split())


def _find_header(rows: list[list], wanted: list[list[str]], count: int, sdmx: bool,
                 found_out: list[int] | None = None) -> tuple[int, str | None]:
    """(0-based header row, None) where every wanted column is found; else (the best row, the first column
    missing in it). `found_out` receives how many wanted columns the best row has."""
    best, best_missing = -1, None
    best_found = -1
    for i in range(len(rows)):
        if count > 1 and not any(_cell_text(c) for c in rows[i]):
            continue  # a header block starts with a filled row
        have = {norm(h) for h in _headers(rows, i, count, sdmx)}
        missing = [alts for alts in wanted if not any(norm(a) in have for a in alts)]
        if not missing:
            if found_out is not None:
                found_out.append(len(wanted))
            return i, None
        found = len(wanted) - len(missing)
        if found > best_found:
            best, best_found, best_missing = i, found, " / ".join(repr(a) for a in missing[0])
    if found_out is not None:
        found_out.append(max(best_found, 0))
    return best, best_missing


def fit(book: Book, recipe: Recipe) -> Fit:
    """Whether `recipe` recognises `book`: file name, sheets, header columns, SDMX structure, column values."""
    r = recipe.get("recognise") or {}
    result = Fit(recipe)
    if "file" in r:
        if not re.search(r["file"], book.file, re.IGNORECASE):
            result.failed = f"the file name does not match {r['file']!r}"
            return result
        result.met += 1
    sheets = list(book.sheet_names)
    if "not_sheet" in r and any(re.search(r["not_sheet"], s, re.IGNORECASE) for s in sheets):
        result.failed = f"the file has a sheet matching {r['not_sheet']!r}"
        return result
    if "sheet" in r:
        sheets = [s for s in sheets if re.search(r["sheet"], s.strip(), re.IGNORECASE)]
        if not sheets:
            result.failed = f"no sheet is named like {r['sheet']!r}"
            return result
        result.met += 1
    wanted = [_alternatives(c) for c in r.get("columns") or []]
    table = recipe.tables()[0]
    count = int((table.get("header") or {}).get("rows", 1))
    sdmx = recipe.layout == "sdmx"
    if table.get("transpose") or recipe.layout == "transposed":
        rows_of = {s: _transposed(book.rows(s)) for s in sheets}
    else:
        rows_of = {s: book.head(s) for s in sheets}
    best: tuple[int, str | None, str | None] = (-1, None, None)
    for sheet in sheets:
        found: list[int] = []
        i, missing = _find_header(rows_of[sheet], wanted, count, sdmx, found) if wanted else (0, None)
        if missing is None:
            result.sheet, result.header_row = sheet, i
            break
        if found[0] > best[0]:
            best = (found[0], missing, sheet)
    else:
        where = "" if book.is_csv else f" (in sheet {best[2]!r}, the closest)"
        result.failed = f"no header row has the column {best[1]}{where}"
        result.met = best[0] / max(len(wanted), 1)  # a share of the columns, to rank the closest recipe
        result.sheet = best[2]
        return result
    result.met += len(wanted)
    head = rows_of[result.sheet]
    header = _headers(head, result.header_row, count, sdmx)
    position = {norm(h): j for j, h in reversed(list(enumerate(header)))}
    if "structure" in r:
        column = next((position[c] for c in ("structure_id", "dataflow") if c in position), None)
        values = {_sdmx_code(row[column]) for row in head[result.header_row + count:]
                  if column is not None and column < len(row) and row[column] not in ("", None)}
        if column is None or not values:
            result.failed = "it is not SDMX-CSV (no STRUCTURE_ID or DATAFLOW column with a value)"
            return result
        bad = sorted(v for v in values if not re.search(r["structure"], v))
        if bad:
            result.failed = f"its SDMX structure {bad[0]!r} is not {r['structure']!r}"
            return result
        result.met += 1
    for column, pattern in (r.get("values") or {}).items():
        j = position.get(norm(column))
        cells = [_cell_text(row[j]) for row in head[result.header_row + count:] if j is not None and j < len(row)]
        cells = [c for c in cells if c]
        wrong = next((c for c in cells if not re.search(pattern, c)), None)
        if j is None or not cells or wrong is not None:
            result.failed = f"the column {column!r} holds {wrong!r}, not values like {pattern!r}" if wrong else \
                f"the column {column!r} has no values"
            return result
        result.met += 1
    return result


def _sdmx_code(cell: object) -> str:
    text = _cell_text(cell)
    m = _SDMX_LABEL.match(text)
    return m.group(1) if m else text


def recognise(book: Book, recipes: Iterable[Recipe]) -> list[Fit]:
    """Every recipe's fit to `book`, best first."""
    return sorted((fit(book, r) for r in recipes), key=lambda f: (not f.ok, -f.met, f.recipe.name))


def choose(book: Book, recipes: dict[str, Recipe] | None = None) -> Recipe:
    """The one recipe that fits best; ValidationError when none fits or two fit equally."""
    fits = recognise(book, (recipes or all_recipes()).values())
    good = [f for f in fits if f.ok]
    if not good:
        raise nothing_fits(book, fits)
    if len(good) > 1 and good[1].met == good[0].met:
        a, b = good[0].recipe, good[1].recipe
        raise ValidationError("File matches two recipes", [Problem(
            f"the file fits the recipes {a.name!r} ({a.title()}) and {b.name!r} ({b.title()}) equally well",
            file=book.file, hint=f"choose one: python -m etl load {book.file} --recipe {a.name}; or make one "
            "recipe's 'recognise' more specific (a sheet name, a column only its files have, a value pattern)")])
    return good[0].recipe


def nothing_fits(book: Book, fits: list[Fit]) -> ValidationError:
    """What was found, the closest recipe and why it did not fit, and the two ways forward."""
    found = []
    for sheet in book.sheet_names[:6]:
        rows = book.head(sheet, 15)
        first = next((r for r in rows if any(_cell_text(c) for c in r)), [])
        cells = [_cell_text(c) for c in first if _cell_text(c)][:12]
        found.append(("the file" if book.is_csv else f"sheet {sheet!r}") + f" starts with {cells}")
    closest = fits[0] if fits else None
    problems = [Problem("no recipe fits this file. Found: " + "; ".join(found or ["no cells"]), file=book.file)]
    if closest is not None:
        problems.append(Problem(
            f"the closest recipe is {closest.recipe.name!r} ({closest.recipe.title()}): {closest.failed}",
            file=book.file, sheet=closest.sheet, hint="if the file is that dataset, check that it is as the "
            "publisher released it"))
    problems.append(Problem(
        "two ways forward: map its columns on the upload page (Upload data), or describe it in a recipe file",
        file=book.file, hint=f"python -m etl load {book.file} --write-recipe my_dataset.yaml writes a starting "
        "recipe to edit; then: python -m etl load FILE --recipe my_dataset.yaml"))
    return ValidationError("Unknown layout", problems)


# ---- applying ----------------------------------------------------------------------------------------------


@dataclass
class _Column:
    j: int
    header: str
    groups: dict[str, str]
    targets: list[dict]  # each: field, suffix, indicator (template or None), year (template or None)


@dataclass
class _Context:
    book: Book
    recipe: Recipe
    known: dict[str, IndicatorMeta]
    problems: list[Problem] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # SQL of each table's cells
    dims: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # indicator code -> name found in the file
    units: dict[str, str] = field(default_factory=dict)
    formulas: dict[str, dict[tuple[int, int], str]] | None = None  # formula cells by sheet, read once
    # the sheet labels and value column headers the cells carry, made types of their own (engine.sql label_types)
    labels: set[str] = field(default_factory=set)
    headers: set[str] = field(default_factory=set)


def parse_file(path: Path, recipe: Recipe | str | None = None, *, known: dict[str, IndicatorMeta] | None = None,
               edition: str | None = None, max_bytes: int | None = None) -> Parsed:
    """The pure entry point: read `path` with `recipe` (a name, a checked recipe, or None to recognise one)
    into Parsed, touching no store. `known`: indicators besides the catalogue that names may refer to."""
    from etl.recipes.recipe import find_recipe

    book = open_book(Path(path), max_bytes=max_bytes)
    chosen = find_recipe(recipe) if isinstance(recipe, str) else recipe or choose(book)
    return apply(book, chosen, known=known, edition=edition)


def apply(book: Book, recipe: Recipe, *, known: dict[str, IndicatorMeta] | None = None,
          edition: str | None = None) -> Parsed:
    """The observations `recipe` points at in `book`, with every cell-level problem found."""
    ctx = _Context(book, recipe, {**catalogue.indicators(), **(known or {})})
    con = _connect()
    try:
        dims = _dimensions(ctx)
        ctx.dims = dims
        for k, table in enumerate(recipe.tables()):
            _read_table(ctx, con, k, table)
        if not ctx.parts:
            raise ValidationError("No data", [Problem("the recipe found no value columns in the file",
                                                      file=book.file, hint="check the recipe's 'values' rules")])
        con.register("labels_found", pa.table({"label": pa.array(sorted(ctx.labels), pa.string())}))
        con.register("headers_found", pa.table({"header": pa.array(sorted(ctx.headers), pa.string())}))
        con.execute(sql("engine", "label_types")).fetchall()
        con.execute("CREATE TEMP VIEW raw_cells AS " + " UNION ALL ".join(ctx.parts)).fetchall()
        obs, indicators = _resolve(ctx, con)
        source = _source(ctx, con, edition)
    finally:
        con.close()
    return Parsed(format=recipe.name, source=source, observations=obs, indicators=indicators,
                  problems=book.warnings + ctx.problems)


def _dimensions(ctx: _Context) -> list[str]:
    names = set()
    for table in ctx.recipe.tables():
        for dim, spec in (table.get("breakdowns") or {}).items():
            if "match" not in spec:
                names.add(spec.get("name", dim))
    return sorted(names)


def _transposed(rows: list[list]) -> list[list]:
    width = max((len(r) for r in rows), default=0)
    return [[r[j] if j < len(r) else "" for r in rows] for j in range(width)]


def _sheets_for(ctx: _Context, k: int, table: dict) -> list[tuple[str, int]]:
    """(sheet, 0-based header row) of every sheet the table reads."""
    book, count = ctx.book, int((table.get("header") or {}).get("rows", 1))
    transpose = table.get("transpose") or ctx.recipe.layout == "transposed"
    sdmx = ctx.recipe.layout == "sdmx"
    pattern = table.get("sheets")
    sheets = [s for s in book.sheet_names if re.search(pattern, s.strip(), re.IGNORECASE)] if pattern else \
        list(book.sheet_names)
    wanted = [_alternatives(c) for c in (ctx.recipe.get("recognise") or {}).get("columns") or []] if k == 0 else \
        _required(table)
    fixed_row = (table.get("header") or {}).get("row")
    out = []
    for sheet in sheets:
        rows = _transposed(book.rows(sheet)) if transpose else book.head(sheet)
        if fixed_row:
            out.append((sheet, int(fixed_row) - 1))
        else:
            i, missing = _find_header(rows, wanted, count, sdmx)
            if missing is None:
                out.append((sheet, i))
        if out and not pattern:
            break
    if not out:
        raise ValidationError("Missing columns", [Problem(
            f"no sheet has a header with the columns {', '.join(' or '.join(a) for a in wanted)}",
            file=book.file, hint="upload the file as its publisher released it, or check the recipe")])
    return out


def _required(table: dict) -> list[list[str]]:
    wanted = []
    for key in ("country", "year", "indicator"):
        spec = table.get(key) or {}
        for sub in ("column", "name"):
            if sub in spec:
                wanted.append(_alternatives(spec[sub]))
                break
    for rule in table.get("values") or []:
        if "header" in rule:
            wanted.append(_alternatives(rule["header"]))
    return wanted


def _read_table(ctx: _Context, con: duckdb.DuckDBPyConnection, k: int, table: dict) -> None:
    book, recipe = ctx.book, ctx.recipe
    count = int((table.get("header") or {}).get("rows", 1))
    transpose = table.get("transpose") or recipe.layout == "transposed"
    sdmx = recipe.layout == "sdmx"
    for n, (sheet, header_row) in enumerate(_sheets_for(ctx, k, table)):
        name = f"t{k}_{n}"
        if transpose:
            rows = _transposed(book.rows(sheet))
        else:
            rows = _dated_headers(book, sheet, book.head(sheet, header_row + count + 1), header_row, count)
        header = _headers(rows, header_row, count, sdmx)
        position = {norm(h): j for j, h in reversed(list(enumerate(header)))}

        def col(spec: object, what: str, optional: bool = False, _position=position, _sheet=sheet,
                _header_row=header_row, _header=header, key: str = "") -> int | None:
            for alt in _alternatives(spec):
                if norm(alt) in _position:
                    return _position[norm(alt)]
                m = _LETTER.match(alt)
                j = column_index(m.group(1)) if m else -1
                if 0 <= j < len(_header) and not _header[j]:
                    return j  # a column without a header, named by its letter as the mapping form shows it: "(A)"
            if spec is None or optional:
                return None
            close = difflib.get_close_matches(norm(_alternatives(spec)[0]), [norm(h) for h in _header if h], n=1,
                                              cutoff=0.5)
            closest = next((h for h in _header if close and norm(h) == close[0]), None)
            raise ValidationError("Missing columns", [Problem(
                f"the {what} column {' or '.join(map(repr, _alternatives(spec)))} is not in the header"
                + (f" (changed? the closest header now is {closest!r})" if closest else "") + "; it has: "
                + ", ".join(repr(h) for h in _header if h), file=book.file, sheet=book.sheet_label(_sheet),
                row=_header_row + 1, hint="restore the column with its original header, or fix the recipe"
                + (f" ({recipe.path.name if recipe.path else recipe.name}, '{key}'"
                   + (f", line {recipe.line(*key.split('.'))}" if recipe.line(*key.split(".")) else "") + ")"
                   if key else ""))])

        country = table.get("country") or {}
        code_j = col(country.get("column"), "country code", key="country.column")
        name_j = col(country.get("name"), "country name", key="country.name")
        if code_j is None and name_j is None and "fixed" not in country:
            raise recipe_fault(recipe, "say where the country is: country.column (codes) or country.name",
                               "country")
        year = table.get("year") or {}
        year_j = col(year.get("column"), "year", key="year.column")
        ind = table.get("indicator") or {}
        ind_cols = ind.get("columns") or _alternatives(ind.get("column"))[:1]
        ind_js = [col(c, "indicator", key="indicator.column") for c in ind_cols] \
            if ("columns" in ind or "column" in ind) else []
        if "column" in ind and len(_alternatives(ind["column"])) > 1:
            ind_js = [col(ind["column"], "indicator", key="indicator.column")]
        ind_name_j = col(ind.get("name"), "indicator name", optional=True)
        flag_js = [(f, col(f, "flag", optional=True)) for f in table.get("flags") or []]
        flag_js = [(f, j) for f, j in flag_js if j is not None]
        dims = _breakdown_columns(ctx, table, header, col)
        ids = {j for j in [code_j, name_j, year_j, ind_name_j, *ind_js, *(j for _, j in flag_js),
                           *(j for _, j, _ in dims)] if j is not None}
        columns = _value_columns(ctx, table, header, ids)
        if recipe.name == MAPPED or "saved" in recipe.data:  # a person's mapping: every column it names is needed
            for i, rule in enumerate(table.get("values") or []):
                if "header" in rule:
                    col(rule["header"], "value", key=f"values.{i}.header")
        if not columns:
            continue
        numeric = {c.j for c in columns}
        width = len(header)
        skip = int((table.get("header") or {}).get("skip", 0))  # rows under the header that are not data
        if transpose:
            body = _transposed_body(rows, header_row + count + skip, numeric, width)
        else:
            body = book.body(sheet, header_row + count + skip, numeric, width).table
        con.register(name, body)
        label = book.sheet_label(sheet)
        if label is not None:
            ctx.labels.add(label)
        _formula_problems(ctx, sheet, label, body, header_row + count + skip, columns)
        footer = [re.compile(p, re.IGNORECASE) for p in table.get("footer") or []]
        lead = name_j if name_j is not None else code_j
        if footer and lead is not None:
            for text in body.column(f"t{lead}").drop_null().to_pylist():
                if any(p.search(text.strip()) for p in footer):
                    ctx.footers.append(text.strip())
        sheet_year = _from_name(year, sheet, book.file) if year.get("from") in ("sheet", "file") else \
            _from_title(year, rows[:header_row]) if year.get("from") == "title" else None
        if year.get("from") in ("sheet", "file", "title") and sheet_year is None:
            raise ValidationError("Year not found", [Problem(
                f"the recipe reads the year from the {year['from']} name" if year["from"] != "title" else
                "the recipe reads the year from the title rows above the header", file=book.file,
                sheet=book.sheet_label(sheet), value=sheet if year["from"] == "sheet" else None,
                hint="no year such as 2023 is written there: map the file again with the year typed in")])
        sheet_ind = _from_name(ind, sheet, book.file) if ind.get("from") in ("sheet", "file") else None

        def text(j: int | None, _sdmx: bool = sdmx) -> str:
            if j is None:
                return "NULL"
            expr = f"nullif(trim(t{j}), '')"
            return f"regexp_replace({expr}, '^([^\\s:]+):\\s.*$', '\\1', 's')" if _sdmx else expr

        per_row: dict[str, str] = {}  # an expression over a row's cells -> its column in the sheet's row table

        def once(expr: str, _per_row=per_row) -> str:
            """`expr`, if it reads the sheet's cells, computed once per row (in the row table), not once per cell."""
            return _per_row.setdefault(expr, f"r{len(_per_row)}") if _CELL_REF.search(expr) else expr

        for c in columns:
            for target in c.targets:
                year_sql = _lit(target["year"]) if target.get("year") is not None else \
                    text(year_j) if year_j is not None else _lit(sheet_year) if sheet_year is not None else \
                    _lit(str(year["fixed"])) if "fixed" in year else "NULL"
                if target.get("indicator") is not None:
                    ind_sql = _lit(RULE + target["indicator"])
                elif ind_js:
                    ind_sql = " || '\x1f' || ".join(f"coalesce({text(j)}, '')" for j in ind_js)
                elif sheet_ind is not None:
                    ind_sql = _lit(sheet_ind)
                elif "fixed" in ind:
                    ind_sql = _lit(ind["fixed"])
                else:
                    raise recipe_fault(recipe, "say where the indicator is: indicator.column, indicator.fixed, "
                                       "indicator.from, or an 'indicator' on the value rule", "indicator")
                dim_sql = []
                for dim in ctx.dims:
                    found = next((j for d, j, _ in dims if d == dim), None)
                    dim_sql.append(f"{text(found) if found is not None else 'NULL'} AS d_{ctx.dims.index(dim)}")
                extra = [f"'{_sql(d)}=' || coalesce({text(j)}, '')" for d, j, _ in dims if d not in ctx.dims]
                dyn_sql = ('concat_ws(' + _lit(';') + ', ' + ', '.join(extra) + ')') if extra else "NULL"
                # one text for the breakdown cells of a row, to join with what they mean (chr(30) for empty)
                dkey_sql = "concat_ws(chr(31), " + ", ".join(
                    f"coalesce({e.rsplit(' AS ', 1)[0]}, chr(30))" for e in [*dim_sql, dyn_sql]) + ")" \
                    if dim_sql or extra else "''"
                flag_sql = " || '; ' || ".join(
                    [f"CASE WHEN {text(j)} IS NULL THEN NULL ELSE '{_sql(f)}=' || {text(j)} END" for f, j in flag_js]
                ) if flag_js else "NULL"
                if len(flag_js) > 1:
                    flag_sql = "concat_ws('; ', " + ", ".join(
                        f"CASE WHEN {text(j)} IS NULL THEN NULL ELSE '{_sql(f)}=' || {text(j)} END"
                        for f, j in flag_js) + ")"
                row_sql = f"{c.j + 1}" if transpose else "row"
                ycol_sql = _lit(header[year_j]) if year_j is not None else \
                    _lit(c.header) if target.get("year") is not None else _lit("year")
                icol_sql = _lit(header[ind_js[0]]) if ind_js and not target.get("indicator") else "NULL"
                ccol_sql = _lit(header[lead]) if lead is not None else "NULL"
                col_sql = "loc" if transpose else f"{_lit(c.header)}::column_header"
                if not transpose:
                    ctx.headers.add(c.header)
                code_sql = text(code_j) if code_j is not None else _lit(country.get("fixed"))
                name_sql = _lit(c.header) if target.get("indicator") else text(ind_name_j)
                if sdmx and ind_name_j is None and ind_js and not target.get("indicator"):
                    # SDMX-CSV with labels ("RIA: Regulatory impact assessment"): the labels name the indicator
                    name_sql = "nullif(concat_ws(' — ', " + ", ".join(
                        f"nullif(regexp_extract(trim(t{j}), '^[^\\s:]+:\\s(.*)$', 1), '')" for j in ind_js) + "), '')"
                dim_sql = [f"{once(e.rsplit(' AS ', 1)[0])} AS {e.rsplit(' AS ', 1)[1]}" for e in dim_sql]
                ctx.parts.append(
                    f"SELECT {once(text(name_j))} AS cname, {once(code_sql)} "
                    f"AS ccode, {once(year_sql)} AS year_raw, {once(ind_sql)} AS ind_raw, "
                    f"{_lit(target.get('suffix', ''))} AS suffix, {_lit(target.get('field', 'value'))} AS field, "
                    + "".join(f"{s}, " for s in dim_sql)
                    + f"{once(dyn_sql)} AS dyn, {once(dkey_sql)} AS dkey, "
                    f"{once(flag_sql)} AS flag_raw, {once(name_sql)} AS ind_name, n{c.j} AS num, t{c.j} AS txt, "
                    f"{row_sql}::BIGINT AS row, {col_sql} AS col, {_lit(label)}::sheet_label AS sheet, "
                    f"{ycol_sql} AS ycol, {icol_sql} AS icol, {ccol_sql} AS ccol FROM {name}_rows")
        # the row table: the sheet's cells with each row's own fields (country, indicator, breakdowns...) worked out
        # once, which every value column's cells then share (3.6 million cells are 200,000 rows of 18 values)
        con.execute(f"CREATE TEMP TABLE {name}_rows AS SELECT *{''.join(f', {e} AS {a}' for e, a in per_row.items())} "
                    f"FROM {name}").fetchall()
        con.unregister(name)


def _formula_problems(ctx: _Context, sheet: str, label: str | None, body: pa.Table, first: int,
                      columns: list[_Column]) -> None:
    """Formula cells among the value cells read: an error when no result was saved, else a warning; a TRUE or
    FALSE cell is an error (the fast reader gives it as 1 or 0)."""
    if ctx.book.is_csv:
        return
    if ctx.formulas is None:
        ctx.formulas = formula_cells(ctx.book.path)
    found = ctx.formulas.get(sheet)
    if not found:
        return
    listed = 0
    for c in columns:
        nums = body.column(f"n{c.j}") if f"n{c.j}" in body.column_names else None
        texts = body.column(f"t{c.j}")
        for (r, j), formula in sorted(found.items()):
            i = r - first
            if j != c.j or not 0 <= i < len(body) or listed >= MAX_LISTED:
                continue
            blank = (nums is None or nums[i].as_py() is None) and not (texts[i].as_py() or "").strip()
            listed += 1
            if formula == BOOLEAN:
                ctx.problems.append(Problem("not a number (bool)", file=ctx.book.file, sheet=label, row=r + 1,
                                            column=c.header, value="TRUE" if nums is not None and nums[i].as_py()
                                            else "FALSE", hint="type a number, or leave the cell empty / '..' "
                                            "for missing"))
                continue
            ctx.problems.append(Problem(
                "a formula with no saved result" if blank else "the value comes from a formula; its saved result "
                "was read", file=ctx.book.file, sheet=label, row=r + 1, column=c.header, value="=" + formula,
                hint="open the file in Excel, let it calculate and save it, or paste the values (Paste Special > "
                "Values)" if blank else "check the result, or paste the values (Paste Special > Values)",
                severity="error" if blank else "warning"))


def recipe_fault(recipe: Recipe, message: str, *path: str) -> ValidationError:
    return ValidationError(f"Recipe {recipe.name}: a fault", [recipe.fault(message, *path)])


def _dated_headers(book: Book, sheet: str, rows: list[list], header_row: int, count: int) -> list[list]:
    """`rows` with the header cells that are Excel dates as dates (the fast reader gives their serial numbers,
    43831 for 2020-01-01), so that a header row of dates is read as years, with a warning."""
    head = rows[header_row:header_row + count]
    if book.is_csv or not any(isinstance(c, float) and 2100 < c < 80000 for r in head for c in r):
        return rows
    try:
        typed = calamine.CalamineWorkbook.from_path(str(book.path)).get_sheet_by_name(sheet).to_python(
            skip_empty_area=False, nrows=header_row + count)
    except (calamine.CalamineError, ValueError):
        return rows
    out = list(rows)
    for i in range(header_row, min(header_row + count, len(typed), len(rows))):
        out[i] = [typed[i][j] if j < len(typed[i]) and isinstance(typed[i][j], date | datetime) else c
                  for j, c in enumerate(rows[i])]
    return out


def _transposed_body(rows: list[list], first: int, numeric: set[int], width: int) -> pa.Table:
    """A turned sheet's body as the Arrow shape Book.body gives, with `loc` the original column letter."""
    body = rows[first:]
    data: dict[str, list] = {}
    for j in range(width):
        cells = [r[j] if j < len(r) else "" for r in body]
        if j in numeric:
            data[f"n{j}"] = [float(c) if isinstance(c, int | float) and not isinstance(c, bool) else None
                             for c in cells]
            data[f"t{j}"] = [None if isinstance(c, int | float) and not isinstance(c, bool) or c in ("", None)
                             else str(c) for c in cells]
        else:
            data[f"t{j}"] = [None if c in ("", None) else _cell_text(c) for c in cells]
    data["row"] = list(range(first + 1, first + 1 + len(body)))
    data["loc"] = [column_letter(first + i) for i in range(len(body))]
    return pa.table({k: pa.array(v, pa.float64() if k.startswith("n") else pa.int64() if k == "row"
                                 else pa.string()) for k, v in data.items()})


def _breakdown_columns(ctx: _Context, table: dict, header: list[str], col) -> list[tuple[str, int, dict]]:
    out = []
    for dim, spec in (table.get("breakdowns") or {}).items():
        if "match" in spec:
            skip = {norm(x) for x in spec.get("except") or []}
            for j, h in enumerate(header):
                m = re.search(spec["match"], h)
                if m and norm(m.groupdict().get("dimension", h)) not in skip and norm(h) not in skip:
                    name = _slug(m.groupdict().get("dimension", h))
                    out.append((name, j, spec))
            continue
        j = col(spec.get("column", dim), f"breakdown {dim!r}", optional=bool(spec.get("optional")))
        if j is not None:
            out.append((spec.get("name", dim), j, spec))
    return out


def _value_columns(ctx: _Context, table: dict, header: list[str], ids: set[int]) -> list[_Column]:
    rules = table.get("values")
    if not rules:
        rules = [{"match": "<year>"}] if ctx.recipe.layout in ("wide_years",) else []
    out = []
    for j, h in enumerate(header):
        if j in ids or not h:
            continue
        for rule in rules:
            groups: dict[str, str] | None = None
            if "header" in rule:
                if norm(h) in {norm(a) for a in _alternatives(rule["header"])}:
                    groups = {}
            elif rule["match"] == "<year>":
                last = h.split(" | ")[-1]
                y = year_of_header(last)
                dated = read_year(last) if y is None else None  # a date cell: its year, said in a warning
                groups = {"year": str(y)} if y is not None else {"year": last} if dated and dated.from_date and \
                    dated.error is None else None
            elif m := re.search(rule["match"], h, re.IGNORECASE):
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                if "year" in groups and year_of_header(groups["year"]) is None and \
                        read_year(groups["year"]).error is not None:
                    groups = None
            if groups is None:
                continue
            targets = []
            for t in [rule, *(rule.get("also") or [])]:
                targets.append({
                    "field": t.get("field", "value"), "suffix": t.get("suffix", ""),
                    "indicator": _format(t["indicator"], groups) if "indicator" in t else
                    (_format(rule["indicator"], groups) if "indicator" in rule else None),
                    "year": _format(rule["year"], groups) if "year" in rule else groups.get("year"),
                })
            out.append(_Column(j, h, groups, targets))
            break
    return out


def _format(template: str, groups: dict[str, str]) -> str:
    """`template` with {name} (and {1}, {2} for numbered groups) filled from `groups`."""
    template = re.sub(r"\{(\d+)", r"{g\1", template)
    groups = {("g" + k if k.isdigit() else k): v for k, v in groups.items()}
    try:
        return string.Formatter().vformat(template, (), _Groups(groups))
    except (KeyError, IndexError, ValueError):
        return template


class _Groups(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _from_name(spec: dict, sheet: str, file: str) -> str | None:
    text = sheet.strip() if spec.get("from") == "sheet" else Path(file).stem
    pattern = spec.get("pattern")
    if not pattern:
        return text
    m = re.search(pattern, text, re.IGNORECASE)
    if not m:
        return None
    return m.groupdict().get("year") or m.groupdict().get("indicator") or (m.group(1) if m.groups() else m.group())


def _from_title(spec: dict, rows: list[list]) -> str | None:
    """The first year written in the title rows above the header ("Численность ... на 2023 год")."""
    pattern = spec.get("pattern") or r"(?P<year>(?:19|20)\d\d)"
    for row in rows:
        for cell in row:
            if (m := re.search(pattern, _cell_text(cell))):
                return m.groupdict().get("year") or (m.group(1) if m.groups() else m.group())
    return None


_CELL_REF = re.compile(r"\bt\d+\b")  # a sheet's text column in an expression: t0, t12


def _lit(value: object) -> str:
    return "NULL" if value is None else "'" + _sql(value) + "'"


def _sql(value: object) -> str:
    return str(value).replace("'", "''")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).casefold()).strip("_")


# ---- resolving tokens, years, indicators, breakdowns; duplicates; the pivot ------------------------------------


def _resolve(ctx: _Context, con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, list[IndicatorMeta]]:
    recipe, file = ctx.recipe, ctx.book.file
    extra_missing = frozenset(norm(t) for t in recipe.get("missingValues") or [])
    # the cells are a view over the sheets' Arrow tables, read again by each pass below and stored once, joined
    # with what their texts mean: rows with no country are notes or totals (said once), footers are dropped,
    # and rows with a country but no year (from a year column) and no value are notes or titles (said so)
    for sheet, row in con.execute(sql("engine", "no_country")).fetchall():
        ctx.problems.append(Problem("rows with values but no country were not read (a note or a total?)",
                                    file=file, sheet=sheet, row=row, severity="warning"))
    con.register("footers", pa.table({"f": pa.array(ctx.footers, pa.string())}))
    con.execute(sql("engine", "cells_with_country")).fetchall()
    for sheet, row, ccol, cname in con.execute(sql("engine", "notes"), [MAX_LISTED]).fetchall():
        ctx.problems.append(Problem("row ignored: it has no year and no value (a note or a title?)", file=file,
                                    sheet=sheet, row=row, column=ccol, value=cname, severity="warning"))
    con.execute(sql("engine", "cells")).fetchall()

    # value cells written as text: each distinct text read once
    # the distinct texts of values, years, indicators and breakdowns, in one pass over the cells
    found = con.execute(sql("engine", "distinct_texts"), [MAX_MAGNITUDE]).fetchall()
    odd_numbers = any(r[-2] for r in found if r[-1] == 0)
    texts = [r[0] for r in found if r[-1] == 0 and r[0] is not None]
    read = {t: read_value(t, extra_missing) for t in texts}
    con.register("text_map", pa.table({
        "txt": pa.array(texts, pa.string()),
        "tnum": pa.array([read[t].number for t in texts], pa.float64()),
        "tflag": pa.array([read[t].flag for t in texts], pa.string()),
        "terr": pa.array([read[t].error for t in texts], pa.string()),
        "tnote": pa.array([read[t].note for t in texts], pa.string())}))
    # years: each distinct text once
    raws = [r[1] for r in found if r[-1] == 1]
    years = {y: read_year(y) for y in raws}
    con.register("year_map", pa.table({
        "year_raw": pa.array(raws, pa.string()),
        "year": pa.array([years[y].year for y in raws], pa.int64()),
        "ynote": pa.array([years[y].note for y in raws], pa.string()),
        "yerr": pa.array([years[y].error if y is not None else "the year is missing" for y in raws], pa.string())}))
    # indicators
    ind_raws = [r[3:9] for r in found if r[-1] == 3]
    codes, declared = _indicator_codes(ctx, ind_raws)
    keys = [(k, code, f) for k, found in codes.items() for code, f in found]
    con.register("ind_map_found", pa.table({
        "ind_raw": pa.array([k[0] for k, _, _ in keys], pa.string()),
        "suffix": pa.array([k[1] for k, _, _ in keys], pa.string()),
        "code": pa.array([c for _, c, _ in keys], pa.string()),
        "ifield": pa.array([f for _, _, f in keys], pa.string())}))
    con.execute(sql("engine", "indicator_codes")).fetchall()
    con.execute(sql("engine", "ind_map")).fetchall()
    # breakdowns
    keys = [r[2] for r in found if r[-1] == 2]
    combos = [tuple(None if p == "\x1e" else p for p in k.split("\x1f")) if k else (None,) for k in keys]
    breakdown_of, combo_errors = _breakdowns(ctx, combos)
    con.register("dim_map_found", pa.table({
        "dkey": pa.array(keys, pa.string()),
        "breakdown": pa.array([breakdown_of.get(combo) for combo in combos], pa.string()),
        "derr": pa.array([combo_errors.get(combo) for combo in combos], pa.string())}))
    con.execute(sql("engine", "breakdown_codes")).fetchall()
    con.execute(sql("engine", "dim_map")).fetchall()
    # number cells that hold infinity, NaN or an implausible magnitude are refused (text was checked by
    # tokens.parse_number); a field an indicator code gives (a rank beside a value) replaces the column's.
    # The cells with their meanings are a view: read once by the pivot, and by a fault query only when a map
    # above holds such a fault (the usual file has none, and is not read again for nothing)
    con.register("limits", pa.table({"nan": [refused(math.nan)], "inf": [refused(math.inf)],
                                     "big": [refused(2 * MAX_MAGNITUDE)], "max": [MAX_MAGNITUDE]}))
    con.execute(sql("engine", "joined_all")).fetchall()
    con.execute(sql("engine", "joined")).fetchall()
    if FORMULA_NA in read:
        for sheet, row, col in con.execute(sql("engine", "formula_na"), [FORMULA_NA, MAX_LISTED]).fetchall():
            ctx.problems.append(Problem(FORMULA_NA_NOTE, file=file, sheet=sheet, row=row, column=col,
                                        value=EXCEL_ERRORS["NA"], severity="warning"))
    if odd_numbers or any(r.error for r in read.values()):
        _located_faults(ctx, con, "value_faults", "{error}",
                        "type a number, or leave the cell empty / '..' for missing")
    if any(r.note for r in read.values()):
        for note, sheet, row, col, raw in con.execute(sql("engine", "value_notes"), [MAX_LISTED]).fetchall():
            ctx.problems.append(Problem(note, file=file, sheet=sheet, row=row, column=col, value=raw,
                                        severity="warning", hint="type the number without '%' if the indicator "
                                        "is in percent" if "%" in (raw or "") else ""))
    if None in years or any(y.error for y in years.values()):
        for err, sheet, row, ycol, raw in con.execute(sql("engine", "year_faults"), [MAX_LISTED]).fetchall():
            ctx.problems.append(Problem(err, file=file, sheet=sheet, row=row, column=ycol,
                                        value=int(raw) if raw and raw.isdigit() else raw,
                                        hint="type the year as four digits, e.g. 2023, or a range such as 2017-2018"))
    if combo_errors:
        _located_faults(ctx, con, "breakdown_faults", "{error}", "add the code to the recipe's breakdown codes, or "
                        "correct the cell")
    if any(y.note for y in years.values()):
        for note, n, sheet, row, ycol, raw in con.execute(sql("engine", "year_notes")).fetchall():
            ctx.problems.append(Problem(f"{note} ({n} values)", file=file, sheet=sheet, row=row, column=ycol,
                                        value=raw, severity="warning"))
    obs = _pivot(con)
    if pc.any(obs["_dup"]).as_py():  # rare: look closer, note or refuse, and pivot again
        _duplicates(ctx, con)
        obs = _pivot(con)
    return obs.select([c for c in [*OBSERVATION_COLUMNS, "flags"] if c in obs.column_names]), declared


def _dictionary_texts(obs: pa.Table) -> pa.Table:
    """The text columns dictionary-encoded: millions of cells hold a few hundred distinct names, codes, sheets and
    headers, kept once each (pandas reads them as categories; the reading process sends them as such)."""
    return pa.table({name: pc.dictionary_encode(column) if pa.types.is_string(column.type)
                     or pa.types.is_large_string(column.type) else column
                     for name, column in zip(obs.column_names, obs.columns, strict=True)})


def _pivot(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """One observation per indicator, country, year and breakdown, its fields side by side, its texts dictionary-
    encoded; `_dup` marks keys that a field appears on more than once (the same cell read twice, or two different
    values)."""
    plain = con.sql(sql("engine", "observations")).to_arrow_table()  # the cells read once, as the usual table
    one_field = pc.all(plain["_value"]).as_py() is not False
    table = _dictionary_texts(plain.drop_columns(["_value"])) if one_field else None  # the texts as codes
    del plain
    if table is not None and _keys_unique(table):  # the usual table: one value per key, nothing to pivot or merge
        columns = dict(zip(table.column_names, table.columns, strict=True))
        del table
        return _in_file_order(columns)
    del table
    return _dictionary_texts(con.sql(sql("engine", "pivot")).to_arrow_table())


def _keys_unique(obs: pa.Table, bitmap_limit: int | None = None) -> bool:
    """Whether each key (indicator, country code, else country name, year, breakdown: the pivot's GROUP BY) is read
    once. Each key column is made dense integer codes (a dictionary's indices, an integer less its minimum; a
    missing value a code of its own) and the codes one number, all distinct (etl.read.frames.all_distinct: 0.1 s for
    3.6 million keys, where DuckDB's count of distinct hashes took 0.75 s); keys too many for one integer go to the
    pivot, which groups them exactly. The columns' own arrays are used where they can be (fresh memory is slow to
    come by: one array of the number is made)."""
    code, name = _dense(obs["country_code"]), _dense(obs["country_name"])
    if code is None or name is None:
        return False  # a dictionary that lists a text twice: the pivot groups by the texts themselves
    if code[2] == 1:  # no country codes: the name is the country
        country = name
    else:  # the name counts only where there is no code
        values, low, size = name
        country = (np.where(code[0] < code[2] - 1, code[0], np.add(values, code[2] - 1 - low, dtype=np.int64)), 0,
                   code[2] + size - 1)
    parts = [_dense(obs["indicator_code"]), country, _dense(obs["year"]), _dense(obs["breakdown"])]
    span = math.prod(part[2] for part in parts if part is not None)
    if any(p is None for p in parts) or span >= 2**62:
        return False
    key = np.zeros(obs.num_rows, dtype=np.int64)
    for values, low, size in parts:
        key *= size
        key += values
        key -= low
    return all_distinct(key, span, bitmap_limit)


def _dense(column: pa.ChunkedArray) -> tuple[np.ndarray | int, int, int] | None:
    """A column's values as (values, low, size): the integers values - low run from 0 to size - 1, a missing value
    the last (`values` the column's own array where it has no gaps, 0 for a column of nothing); None for a
    dictionary that lists a text twice."""
    array = column.combine_chunks()
    if pa.types.is_null(array.type) or array.null_count == len(array):
        return 0, 0, 1
    if pa.types.is_dictionary(array.type):
        texts = len(array.dictionary)
        if pc.count_distinct(array.dictionary, mode="all").as_py() != texts:
            return None
        indices = array.indices.cast(pa.int64()).fill_null(texts) if array.null_count else array.indices
        return indices.to_numpy(zero_copy_only=False), 0, texts + 1
    bounds = pc.min_max(array)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if array.null_count:
        return array.fill_null(high + 1).to_numpy(zero_copy_only=False), low, high - low + 2
    return array.to_numpy(zero_copy_only=False), low, high - low + 1


def _in_file_order(columns: dict[str, pa.ChunkedArray]) -> pa.Table:
    """The observations' `columns` (taken out of the dict, one at a time) in the order a person reads the file: by
    sheet, row, indicator code and year, as the pivot's ORDER BY gives. Sorted here on integer keys (texts ranked
    once each) and rebuilt column by column, each freed once taken: a sort in DuckDB holds every column of the
    millions of rows twice over (0.5 GB more at the benchmark's 3.6 million cells)."""
    keys = [_order_of(columns[name]) for name in ("year", "indicator_code", "row", "sheet")]  # the last sorts first
    order = pa.array(np.lexsort(keys))  # stable: equal keys keep the order read
    del keys
    return pa.table({name: columns.pop(name).take(order) for name in list(columns)})


def _order_of(column: pa.ChunkedArray) -> np.ndarray:
    """A column's values as integers that sort as they do (a dictionary's texts by their text), missing values
    last. (Arrow's fill_null is only called where a value is missing: it costs 0.3 s over 3.6 million numbers.)"""
    array = column.combine_chunks()
    if pa.types.is_dictionary(array.type):
        texts = array.dictionary
        rank = np.empty(len(texts) + 1, dtype=np.min_scalar_type(len(texts)))  # as narrow as it can be
        rank[np.asarray(pc.sort_indices(texts))] = np.arange(len(texts))
        rank[len(texts)] = len(texts)
        indices = array.indices.cast(pa.int64()).fill_null(len(texts)) if array.null_count else array.indices
        return rank[indices.to_numpy(zero_copy_only=False)]
    if pa.types.is_null(array.type):
        return np.zeros(len(array), dtype=np.int64)
    values = array.to_numpy(zero_copy_only=False)
    return np.where(array.is_null().to_numpy(zero_copy_only=False), np.iinfo(np.int64).max, values) \
        if array.null_count else values


def _located_faults(ctx: _Context, con: duckdb.DuckDBPyConnection, statement: str, message: str,
                    hint: str) -> None:
    found = con.execute(sql("engine", statement), [MAX_LISTED]).fetchall()
    for err, sheet, row, col, raw, _ in found:
        ctx.problems.append(Problem(message.format(error=err), file=ctx.book.file, sheet=sheet, row=row,
                                    column=col, value=raw, hint=hint))
    total = found[0][5] if found else 0
    if total > MAX_LISTED:
        ctx.problems.append(Problem(f"... and {total - MAX_LISTED} more cells with the same kind of problem",
                                    file=ctx.book.file, hint=hint))


def _duplicates(ctx: _Context, con: duckdb.DuckDBPyConnection) -> None:
    """The same value listed twice (one series under several headings) is kept once, with a note; two different
    values for one key are refused with their rows."""
    con.execute(sql("engine", "dup_keys")).fetchall()
    if not con.execute(sql("engine", "dup_count")).fetchall()[0][0]:
        return
    groups = con.execute(sql("engine", "dup_groups")).fetchall()
    if not groups:
        return
    same = [g for g in groups if g[6] == 1]
    differ = [g for g in groups if g[6] > 1]
    if same:
        rows = sum(g[5] - 1 for g in same)
        first = same[0]
        ctx.problems.append(Problem(
            f"{rows} repeated row(s) hold the same value as an earlier row (e.g. one series listed under several "
            f"headings) and were read once; the first: {first[0]} / {first[1]} / {first[2]} on rows "
            f"{', '.join(map(str, first[7][:5]))}", file=ctx.book.file, sheet=first[8][0], row=first[7][1],
            severity="warning"))
        con.execute(sql("engine", "keep_joined")).fetchall()  # the view stored, to take the repeats out
        con.execute(sql("engine", "joined_from_kept")).fetchall()
        con.execute(sql("engine", "drop_repeats")).fetchall()
    for g in differ[:MAX_LISTED]:
        where = ", ".join(f"row {r} ({c}): {v}" for r, c, v in zip(g[7], g[10], g[9], strict=True))
        ctx.problems.append(Problem(
            f"the same indicator, country and year{' and breakdown' if g[3] else ''} has {g[6]} different values: "
            f"{where}", file=ctx.book.file, sheet=g[8][0], row=g[7][1], column=g[10][1],
            value=f"{g[0]} / {g[1]} / {g[2]}" + (f" / {g[3]}" if g[3] else ""),
            hint="keep one row per indicator, country and year (or add the breakdown that tells them apart)"))
    if len(differ) > MAX_LISTED:
        ctx.problems.append(Problem(f"... and {len(differ) - MAX_LISTED} more keys with different values",
                                    file=ctx.book.file))


def _indicator_codes(ctx: _Context, raws: list[tuple]) -> tuple[dict, list[IndicatorMeta]]:
    """(raw, suffix) -> (code, field or None); the indicators the recipe or the file declares."""
    recipe, file = ctx.recipe, ctx.book.file
    spec = next((t.get("indicator") for t in recipe.tables() if t.get("indicator")), None) or {}
    codes_map = {norm(k): v for k, v in (spec.get("codes") or {}).items()}
    parts = {norm(k): v for k, v in (next((t.get("parts") for t in recipe.tables() if t.get("parts")), None)
                                     or {}).items()}
    lookup = _lookup(ctx, spec.get("lookup"))
    listed = {k.casefold() for k in recipe.get("indicators") or {}}
    out: dict[tuple, list[tuple[str, str | None]]] = {}
    rule_codes: set[str] = set()
    names: dict[str, str] = {}
    unknown: list[tuple] = []
    missing: list[tuple] = []
    for raw, suffix, name, sheet, row, col in raws:
        if raw is None:
            continue
        if not raw.replace("\x1f", "").strip():
            missing.append((sheet, row, col))
            continue
        if raw.startswith(RULE):
            code = raw[1:].lower()
            out[(raw, suffix)] = [(code + suffix, None)]
            names.setdefault(code + suffix, name or code)
            rule_codes.add(code + suffix)
            continue
        pieces = raw.split("\x1f")
        groups = {"value": raw.replace("\x1f", "."), **{str(i + 1): p for i, p in enumerate(pieces)}}
        groups.update({c: p for c, p in zip(spec.get("columns") or [], pieces, strict=False)})
        targets: list[dict] = [{"suffix": "", "field": None}]
        if spec.get("pattern"):
            m = re.search(spec["pattern"], raw, re.IGNORECASE)
            if not m:
                unknown.append((raw, sheet, row, col))
                continue
            groups.update({k: v for k, v in m.groupdict().items() if v is not None})
            if "part" in groups:
                found = parts.get(norm(groups["part"]))
                if found is None:
                    continue  # a part the recipe does not read
                targets = [t if isinstance(t, dict) else {"field": t} for t in
                           (found if isinstance(found, list) else [found])]
        if lookup and raw in lookup:
            groups["value"], name = lookup[raw]
        if norm(raw) in codes_map:
            code = str(codes_map[norm(raw)])
        elif codes_map and not spec.get("declare") and not spec.get("format"):
            unknown.append((raw, sheet, row, col))
            continue
        elif spec.get("format"):
            code = _format(spec["format"], groups)
        elif raw.casefold() in ctx.known or raw.casefold() in listed:
            code = raw.casefold()
        else:
            code = _by_name(ctx, raw)
            if code is None:
                unknown.append((raw, sheet, row, col))
                continue
        case = spec.get("case", "lower")
        if case == "lower":
            code = re.sub(r"[^a-z0-9_.\-]+", "_", code.lower())
        elif case == "upper":
            code = code.upper()
        out[(raw, suffix)] = [(code + t.get("suffix", "") + suffix, t.get("field")) for t in targets]
        for t in targets:
            names.setdefault(code + t.get("suffix", "") + suffix, name or raw.replace("\x1f", " "))
    template = recipe.name == "template"  # the dashboard's template: its drop-down list and 'New indicators' sheet
    for sheet, row, col in sorted(missing, key=lambda m: (m[0] or "", m[1]))[:MAX_LISTED]:
        ctx.problems.append(Problem("the indicator is missing", file=file, sheet=sheet, row=row, column=col,
                                    hint="pick the indicator from the drop-down list" if template else ""))
    for raw, sheet, row, col in unknown[:MAX_LISTED]:
        listed = ", ".join(sorted(codes_map)[:12])
        close = _close(ctx, raw)
        hint = ((f"did you mean '{close}'? " if close else "") + "use a code from the indicator list, or declare "
                "the indicator in the 'New indicators' sheet") if template else \
            (f"the recipe knows: {listed}. " if listed else f"did you mean '{close}'? " if close else "") + \
            "add it to the recipe's indicator codes, or check the cell"
        ctx.problems.append(Problem("indicator not known" if template else "indicator not known to the recipe",
                                    file=file, sheet=sheet, row=row, column=col, value=raw.replace("\x1f", " / "),
                                    hint=hint))
    return out, _declared(ctx, {c for found in out.values() for c, _ in found}, names, spec, rule_codes)


def _close(ctx: _Context, raw: str) -> str:
    """The known indicator code whose code or name is closest to an unknown text ("wgi.gee" -> "wgi.ge"), or ""."""
    names = {norm(t): code for code, meta in ctx.known.items() for t in (code, meta.name_en, meta.name_ru)}
    close = difflib.get_close_matches(norm(raw), list(names), n=1, cutoff=0.7)
    return names[close[0]] if close else ""


def _by_name(ctx: _Context, raw: str) -> str | None:
    key = norm(raw)
    for code, meta in ctx.known.items():
        if key in (norm(meta.name_en), norm(meta.name_ru), norm(code)):
            return code
    return None


def _lookup(ctx: _Context, spec: dict | None) -> dict[str, tuple[str, str]]:
    """Codes and names of an indicator column kept in a second file beside the data (BIPA's structure file)."""
    if not spec:
        return {}
    name = _format(spec["file"], {"edition": _edition_guess(ctx)})
    path = ctx.book.path.with_name(name)
    if not path.is_file():
        raise ValidationError("Companion file missing", [Problem(
            f"the indicator names of this file are in {name}, which is not beside it", file=ctx.book.file,
            hint=f"put {name} (published with the data) in the same folder and load again")])
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return {str(r[spec["key"]]).strip(): (r[spec["code"]].strip(), r.get(spec.get("name", ""), "").strip())
            for r in rows}


def _edition_guess(ctx: _Context) -> str:
    edition = ctx.recipe.get("edition")
    if isinstance(edition, dict) and edition.get("from") == "file":
        m = re.search(edition.get("pattern", r"(\d{4})"), ctx.book.file, re.IGNORECASE)
        if m:
            return m.group(1) if m.groups() else m.group()
    return ""


def _declared(ctx: _Context, codes: set[str], names: dict[str, str], spec: dict,
              from_rules: set[str] = frozenset()) -> list[IndicatorMeta]:
    """Catalogue entries for the codes that are not in the catalogue: as the recipe lists them, else (when the
    recipe declares from the file, or a value rule names the code) named as the file names them."""
    recipe = ctx.recipe
    listed = recipe.get("indicators") or {}
    defaults = recipe.get("defaults") or {}
    out = []
    for code in sorted(codes):
        if code in catalogue.indicators():
            continue
        meta = listed.get(code)
        declare = spec.get("declare") or code in from_rules
        if meta is None and not declare and code in ctx.known:
            continue
        if meta is None and not declare:
            base = code.rsplit(".", 1)[0]
            meta = None if base not in listed else {**listed[base], "name": {
                k: f"{v} ({code.rsplit('.', 1)[1]})" for k, v in (listed[base].get("name") or {}).items()}}
        if meta is None and not declare:
            continue
        meta = meta or {}
        name = meta.get("name") or {}
        name_en = name.get("en") or names.get(code) or code
        name_ru = name.get("ru") or name_en
        ending = next((e for e in (recipe.get("suffixes") or {}) if code.endswith(e)), None)
        if ending is not None:  # a rank beside a value: its own unit, direction and name
            override = recipe["suffixes"][ending]
            base = code[: -len(ending)]
            base_name = listed.get(base, {}).get("name") or {}
            plain_en = base_name.get("en") or names.get(base) or names.get(code) or base
            plain_ru = base_name.get("ru") or plain_en
            pattern = override.get("name") or {}
            name_en = pattern.get("en", "{name}").format(name=plain_en)
            name_ru = pattern.get("ru", pattern.get("en", "{name}")).format(name=plain_ru)
            meta = {**meta, **{k: v for k, v in override.items() if k != "name"}}
        scale = meta.get("scale", defaults.get("scale")) or [None, None]
        definition = meta.get("definition") or {}
        out.append(IndicatorMeta(
            code=code, dataset=recipe.dataset, name_en=name_en, name_ru=name_ru,
            definition_en=definition.get("en") or f"As published in {recipe.title()}: {name_en}",
            definition_ru=definition.get("ru") or definition.get("en") or f"Как опубликовано: {name_en}",
            unit=meta.get("unit", defaults.get("unit", "")), scale_min=scale[0], scale_max=scale[1],
            higher_is_better=bool(meta.get("higher_is_better", defaults.get("higher_is_better", True))),
            theme=meta.get("theme", defaults.get("theme", "governance")),
            decimals=int(meta.get("decimals", defaults.get("decimals", 2)))))
    return out


def _breakdowns(ctx: _Context, combos: list[tuple]) -> tuple[dict, dict]:
    """Each distinct combination of breakdown cells -> "dim=code;dim=code" ("" for the total), or an error."""
    specs: dict[str, dict] = {}
    for table in ctx.recipe.tables():
        for dim, spec in (table.get("breakdowns") or {}).items():
            specs.setdefault(spec.get("name", dim), spec)
            if "match" in spec:
                specs.setdefault("*", spec)
    out, errors = {}, {}
    for combo in combos:
        pairs, error = [], None
        named = list(zip(ctx.dims, combo[:-1], strict=True))
        if combo[-1]:
            for piece in combo[-1].split(";"):
                dim, _, code = piece.partition("=")
                named.append((dim, code or None))
        for dim, raw in named:
            spec = specs.get(dim) or specs.get("*") or {}
            code, problem = _breakdown_code(spec, raw)
            if problem:
                error = f"{dim}: {problem}"
                break
            if code:
                pairs.append(f"{dim}={code}")
        if error:
            errors[combo] = error
        else:
            out[combo] = ";".join(sorted(pairs))
    return out, errors


def _breakdown_code(spec: dict, raw: str | None) -> tuple[str | None, str | None]:
    if raw is None or raw == "":
        return None, None
    totals = _alternatives(spec.get("total"))
    for total in totals:
        if raw == total or (total.startswith("^") and re.search(total, raw)):
            return None, None
    codes = spec.get("codes")
    if codes is None:
        return raw, None
    if isinstance(codes, dict):
        if raw in codes:
            return str(codes[raw]), None
        return None, f"the code {raw!r} is not listed in the recipe ({', '.join(map(str, [*totals, *codes]))})"
    if raw in [str(c) for c in codes]:
        return raw, None
    return None, f"the code {raw!r} is not listed in the recipe ({', '.join(map(str, [*totals, *codes]))})"


# ---- the edition -------------------------------------------------------------------------------------------


def _source(ctx: _Context, con: duckdb.DuckDBPyConnection, given: str | None) -> SourceMeta:
    recipe = ctx.recipe
    edition = given or _edition(ctx, con, recipe.get("edition"))
    citation = (recipe.get("citation") or f"{recipe.get('publisher', '')}. {recipe.title()}, {{edition}}.")
    return SourceMeta(dataset=recipe.dataset, edition=edition, name=recipe.title(),
                      publisher=recipe.get("publisher") or "not stated", licence=recipe.get("licence") or "not stated",
                      citation=_format(citation, {"edition": edition}), url=recipe.get("url") or "")


def _edition(ctx: _Context, con: duckdb.DuckDBPyConnection, spec: object) -> str:
    if spec is None:
        spec = {"from": "year"}
    if isinstance(spec, str):
        return spec
    sources = _alternatives(spec.get("from", "fixed"))
    for source in sources:
        found = _edition_from(ctx, con, spec, source)
        if found:
            return found
    if "otherwise" in spec:
        found = _edition(ctx, con, spec["otherwise"])
        ctx.problems.append(Problem(f"the edition is not named in the file: recorded as {found!r}",
                                    file=ctx.book.file, hint="give it with --edition if that is not right",
                                    severity="warning"))
        return found
    if "ask" in sources:
        raise ValidationError("Edition needed", [Problem(
            f"the edition of {ctx.recipe.title()} cannot be read from this file", file=ctx.book.file,
            hint=f"give it: python -m etl load {ctx.book.file} --edition 2024 (or the publisher's name for it)")])
    raise ValidationError("Edition not found", [Problem(
        f"the recipe reads the edition from the {', '.join(sources)}, and it is not there", file=ctx.book.file,
        hint="give it with --edition, or fix the recipe's 'edition'")])


def _edition_from(ctx: _Context, con: duckdb.DuckDBPyConnection, spec: dict, source: str) -> str | None:
    book = ctx.book
    fmt = spec.get("format")
    if source == "fixed":
        return spec.get("fixed")
    if source == "year":
        found = con.execute(sql("engine", "latest_year")).fetchall()[0][0]
        if found is None:
            return None
        year = int(found) + int(spec.get("add", 0))
        return _format(fmt, {"year": str(year)}) if fmt else str(year)
    if source == "column":
        column = spec.get("column", "")
        for table in ctx.recipe.tables():
            flags = table.get("flags") or []
            if column in flags:
                found = con.execute(sql("engine", "flag_value"), [re.escape(column) + r"=([^;]+)"]).fetchall()[0][0]
                return _format(fmt, {"value": found, "1": found}) if found and fmt else found
        return None
    texts: list[str] = []
    if source == "file":
        texts = [Path(book.file).stem]
    elif source == "sheet":
        texts = [s.strip() for s in book.sheet_names]
    elif source == "title":
        texts = [_cell_text(c) for s in book.sheet_names for r in book.head(s, 6) for c in r if _cell_text(c)]
    elif source == "footer":
        texts = ctx.footers
    elif source == "structure":
        texts = [r[0] for r in con.execute(sql("engine", "flag_texts")).fetchall()]
    pattern = spec.get("pattern", r"((?:19|20)\d\d)")
    for text in texts:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            groups = {str(i + 1): g for i, g in enumerate(m.groups()) if g is not None}
            groups.update({k: v for k, v in m.groupdict().items() if v is not None})
            groups.setdefault("1", m.group())
            return _format(fmt, groups) if fmt else groups["1"]
    return None
