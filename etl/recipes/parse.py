"""The one pure entry point of parsing: a file (and optionally a recipe) in, `Parsed` out; no store is touched, so
a guarded child process can run it and send the result back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pyarrow.compute as pc
import python_calamine as calamine

from core.errors import Problem, ValidationError, coded
from etl.model import IndicatorMeta, Parsed
from etl.read.book import Book, open_book
from etl.read.cells import column_letter
from etl.read.sheets import clean
from etl.read.tokens import year_of_header
from etl.recipes import engine, template
from etl.recipes.mapping import FORMAT, Mapping, headers, new_indicator_problems
from etl.recipes.recipe import Recipe, all_recipes, find_recipe, recipe_from

TEMPLATE = template.NAME  # the dashboard's own upload template: a mapping (etl/recipes/template.py)


def parse(path: Path, recipe: Recipe | str | None = None, *, known: dict[str, IndicatorMeta] | None = None,
          edition: str | None = None, max_bytes: int | None = None) -> Parsed:
    """Read `path` with `recipe` (a recipe, its name, a .yaml path, "template", or None: recognise it).

    Structural faults (unreadable file, nothing fits, missing sheet or column) raise ValidationError; faults in
    single cells come back as Problems in `Parsed.problems` (severity "error" blocks the load). `known`: the
    indicators, besides the catalogue, that the file may name; `edition` overrides the recipe's edition rule.
    """
    return as_frame(parse_arrow(path, recipe, known=known, edition=edition, max_bytes=max_bytes))


def as_frame(parsed: Parsed) -> Parsed:
    """`parsed` with its observations a pandas DataFrame (the engine makes them an Arrow table), each column a block
    of its own: a column of numbers with no gap is used where it lies (from the reading process, its file mapped into
    memory), not copied into one block with the others."""
    parsed.observations = parsed.observations.to_pandas(split_blocks=True)
    return parsed


def parse_arrow(path: Path, recipe: Recipe | str | None = None, *, known: dict[str, IndicatorMeta] | None = None,
                edition: str | None = None, max_bytes: int | None = None) -> Parsed:
    """As `parse`, the observations left an Arrow table: what the reading process sends back as it is (the server
    makes it a DataFrame, etl.guard.read_file; a DataFrame sent column by column took 1-2 s more)."""
    path = Path(path)
    book = open_book(path, max_bytes=max_bytes)
    if recipe == TEMPLATE or (recipe is None and template.detect(book)):
        found, problems = template.mapping(book)
        accepted, refused = new_indicator_problems(found.new_indicators, book.file)
        found.new_indicators = accepted
        parsed = _read_mapped(book, found, known, template.NAME)
        parsed.problems = problems + refused + parsed.problems
        if not parsed.observations.num_rows and not any(p.severity == "error" for p in parsed.problems):
            raise ValidationError("No data", [Problem("no data rows under the header", file=book.file,
                                                      sheet=found.sheet, row=found.header_row,
                                                      hint="check the header row and the columns chosen")])
        return parsed
    chosen = find_recipe(recipe) if isinstance(recipe, str) else recipe or engine.choose(book, all_recipes())
    return engine.apply(book, chosen, known=known, edition=edition)


def recognised(path: Path, max_bytes: int | None = None) -> str | None:
    """The name of the recipe (or "template") that would read `path`, or None when nothing fits."""
    book = open_book(Path(path), max_bytes=max_bytes)
    if template.detect(book):
        return TEMPLATE
    try:
        return engine.choose(book, all_recipes()).name
    except ValidationError:
        return None


def unknown_recipe(name: str) -> ValidationError:
    return ValidationError("Unknown recipe", [Problem(f"no recipe is called {name!r}",
                                                      hint="list them with: python -m etl sources")])


def parse_mapped(path: Path, mapping: Mapping, *, known: dict[str, IndicatorMeta] | None = None,
                 max_bytes: int | None = None) -> Parsed:
    """Read `path` as the upload page's `mapping` says: the mapping is checked, made into the recipe it would be
    saved as, and applied by the recipe engine, so that what is checked is what a saved mapping reads next time.

    Refused with located problems (ValidationError): a fault of the mapping itself (Mapping.check), no source
    named, a chosen column with no value in any row of any sheet mapped."""
    return as_frame(parse_mapped_arrow(path, mapping, known=known, max_bytes=max_bytes))


def parse_mapped_arrow(path: Path, mapping: Mapping, *, known: dict[str, IndicatorMeta] | None = None,
                       max_bytes: int | None = None) -> Parsed:
    """As `parse_mapped`, the observations left an Arrow table (as `parse_arrow`)."""
    path = Path(path)
    book = open_book(path, max_bytes=max_bytes)
    problems = mapping.check(book.file)
    if mapping.source is None:
        problems.append(Problem("say who published the data and which edition it is", file=book.file,
                                hint="fill in the source name and edition"))
    if problems:
        raise ValidationError("Mapping", problems)
    parsed = _read_mapped(book, mapping, known, FORMAT)
    empty = _empty_value_columns(book, mapping, parsed) if len(parsed.observations) else \
        empty_columns(book, mapping)
    if empty:
        raise ValidationError("Empty column", empty)
    return parsed


def _read_mapped(book: Book, mapping: Mapping, known: dict[str, IndicatorMeta] | None, name: str) -> Parsed:
    """A mapping's structure checked against the file, then the mapping read as the recipe it is by the engine."""
    warnings = _structure(book, mapping)
    recipe = recipe_from(mapping.to_recipe(is_csv=book.is_csv), name)
    parsed = engine.apply(book, recipe, known=known)
    hidden = [s for s in mapping.all_sheets() if s in book.hidden]  # known once the sheets were read
    warnings += [Problem("the sheet is hidden in Excel; its cells were read all the same", file=book.file, sheet=s,
                         hint="check that this hidden sheet is the one meant to be loaded", severity="warning")
                 for s in hidden]
    parsed.problems = warnings + parsed.problems
    parsed.format = name
    return parsed


def _empty_value_columns(book: Book, mapping: Mapping, parsed: Parsed) -> list[Problem]:
    """The value columns chosen whose cells were all empty (no number, no missing marker), from what was read."""
    obs = parsed.observations  # Arrow: one pass in C, not 3.6 million Python strings
    chosen = list(mapping.indicator_columns) + ([mapping.value_column] if mapping.value_column else [])
    mask = pc.or_(pc.is_valid(obs["value"]), pc.is_valid(obs["flags"]))
    filled = set(pc.unique(obs["column"].filter(mask)).to_pylist())
    label = None if book.is_csv else mapping.sheet
    return [coded("map_empty_column", {"column": c}, file=book.file, sheet=label, row=mapping.header_row, column=c)
            for c in chosen if c not in filled]


def empty_columns(book: Book, mapping: Mapping) -> list[Problem]:
    """A problem for each column the mapping reads that holds no value (not even a missing marker) in any row
    under the header of any sheet mapped, read from the sheets (when nothing at all could be read)."""
    from etl.recipes.guess import header_names

    chosen = [c for c in (mapping.country_column, mapping.year_column if mapping.years == "down" else None,
                          mapping.indicator_column, mapping.value_column, *mapping.indicator_columns) if c]
    first = mapping.header_row - 1 + mapping.header_rows + mapping.skip_rows
    filled: dict[str, int] = dict.fromkeys(chosen, 0)
    sheets = [s for s in mapping.all_sheets() if s in book.sheet_names] if not book.is_csv else [book.sheet_names[0]]
    for sheet in sheets:
        names = header_names(book.head(sheet, first + 1), mapping.header_row, mapping.header_rows)
        js = {c: names.index(c) for c in chosen if c in names}
        if not js:
            continue
        body = book.body(sheet, first, set(), len(names)).table
        for c, j in js.items():
            filled[c] += len(body) - body.column(f"t{j}").null_count if len(body) else 0
            filled[c] -= int(pc.sum(pc.equal(pc.utf8_trim_whitespace(body.column(f"t{j}")), "")).as_py() or 0) \
                if len(body) else 0
    label = None if book.is_csv else mapping.sheet
    return [coded("map_empty_column", {"column": c}, file=book.file, sheet=label, row=mapping.header_row, column=c)
            for c, n in filled.items() if n <= 0]


def _structure(book: Book, mapping: Mapping) -> list[Problem]:
    """The mapping checked against the first rows of each sheet it names, before any value is read: the sheet is
    there and not empty, the header row exists, no two columns share a name, every column chosen is in the
    header (else where the header seems to be, or which merged cells hide it), years across are years (or dates,
    whose years the engine takes with a warning).
    Raises ValidationError; returns warnings."""
    from etl.recipes.guess import header_names

    file, warnings = book.file, []
    sheets = [book.sheet_names[0]] if book.is_csv else mapping.all_sheets()
    for sheet in sheets:
        if sheet not in book.sheet_names:
            raise ValidationError("Missing sheet", [Problem(
                f"there is no sheet '{sheet}'; the file has: {', '.join(repr(s) for s in book.sheet_names)}",
                file=file, hint="pick one of the sheets the file has")])
        label = book.sheet_label(sheet)
        rows = book.head(sheet, max(mapping.header_row + mapping.header_rows + mapping.skip_rows + 30, 60))
        if not any(any(str(c).strip() for c in r) for r in rows):
            raise ValidationError("Empty sheet", [Problem("the sheet is empty", file=file, sheet=label,
                                                          hint="put the data in this sheet or pick another one")])
        if not 1 <= mapping.header_row <= len(rows):
            raise ValidationError("No header row", [Problem(
                f"the sheet has {len(rows)} rows; row {mapping.header_row} cannot be the header", file=file,
                sheet=label, hint="choose the row that holds the column names")])
        names = header_names(rows, mapping.header_row, mapping.header_rows)
        seen: dict[str, int] = {}
        for j, name in enumerate(names):
            if name in seen and not name.startswith("("):
                raise ValidationError("Repeated column header", [Problem(
                    f"two columns are headed '{name}' ({column_letter(seen[name])} and {column_letter(j)})",
                    file=file, sheet=label, row=mapping.header_row, column=name,
                    hint="give each column its own header")])
            seen.setdefault(name, j)
        chosen = [c for c in (mapping.country_column, mapping.year_column if mapping.years == "down" else None,
                              mapping.indicator_column, mapping.value_column, *mapping.indicator_columns) if c]
        missing = [c for c in chosen if c not in seen]
        if missing:
            at = Mapping(sheet=sheet, header_row=mapping.header_row, country_column=mapping.country_column)
            raise _missing(book, at, rows, label, missing)
        if mapping.years == "across":  # years across: at least one header is a year (or a date, read as its year)
            row = rows[mapping.header_row + mapping.header_rows - 2]
            if not any(year_of_header(n.split(" | ")[-1]) is not None for n in names) and \
                    not _header_dates(book, sheet, row, mapping):
                raise ValidationError("No year columns", [Problem(
                    "no column header in this row is a year (such as 2020)", file=file, sheet=label,
                    row=mapping.header_row,
                    hint="choose 'years down a column', or the row that holds the years")])
    return warnings


def _header_dates(book: Book, sheet: str, row: list, mapping: Mapping) -> list:
    """Date cells in a header row of years (the fast reader gives their serial numbers, 43831 for 2020-01-01)."""
    if book.is_csv or not any(isinstance(c, float) and 2100 < c < 80000 for c in row):
        return []
    try:
        cells = calamine.CalamineWorkbook.from_path(str(book.path)).get_sheet_by_name(sheet).to_python(
            nrows=mapping.header_row + mapping.header_rows)
    except (calamine.CalamineError, ValueError):
        return []
    found = cells[mapping.header_row + mapping.header_rows - 2] if len(cells) >= mapping.header_row else []
    return [c for c in found if isinstance(c, datetime | date)]


def _missing(book: Book, mapping: Mapping, rows: list[list], label: str | None,
             missing: list[str]) -> ValidationError:
    found = [h for h in headers(rows, mapping.header_row) if not h.startswith("(")]
    message = f"the header row lacks the column(s) {', '.join(repr(m) for m in missing)}; it has: " + \
        ", ".join(repr(f) for f in found)
    hint = "check the header row and the column names"
    merged = merged_in_row(book, mapping.sheet, mapping.header_row)
    for i, row in enumerate(rows[:30]):
        if i + 1 != mapping.header_row and {clean(m) for m in missing} <= {clean(_cell_name(c)) for c in row}:
            hint = f"the header seems to be on row {i + 1}: choose that row as the header"
            break
    else:
        if merged:
            hint = f"the header row has merged cells ({', '.join(merged)}): unmerge them and give each column " \
                   "its own header"
    return ValidationError("Missing columns", [Problem(message, file=book.file, sheet=label, row=mapping.header_row,
                                                       hint=hint)])


def merged_in_row(book: Book, sheet: str, row: int) -> list[str]:
    """Merged ranges ("A1:B1") that touch a 1-based row of a workbook sheet (none for CSV)."""
    if book.is_csv:
        return []
    try:
        ranges = calamine.CalamineWorkbook.from_path(str(book.path)).get_sheet_by_name(sheet).merged_cell_ranges
    except (calamine.CalamineError, ValueError):
        return []
    return [f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}" for (r0, c0), (r1, c1) in ranges or []
            if r0 + 1 <= row <= r1 + 1]


def _cell_name(cell: object) -> str:
    return headers([[cell]], 1)[0]
