"""The one pure entry point of parsing: a file (and optionally a recipe) in, `Parsed` out; no store is touched, so
a guarded child process can run it and send the result back."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc

from core.errors import Problem, ValidationError, coded
from etl.model import IndicatorMeta, Parsed
from etl.read.book import Book, open_book
from etl.read.sheets import read_sheets
from etl.recipes import engine, template
from etl.recipes.mapping import FORMAT, Mapping
from etl.recipes.recipe import Recipe, all_recipes, find_recipe, recipe_from

TEMPLATE = "template"  # the dashboard's own upload template: read by etl/recipes/template.py


def parse(path: Path, recipe: Recipe | str | None = None, *, known: dict[str, IndicatorMeta] | None = None,
          edition: str | None = None, max_bytes: int | None = None) -> Parsed:
    """Read `path` with `recipe` (a recipe, its name, a .yaml path, "template", or None: recognise it).

    Structural faults (unreadable file, nothing fits, missing sheet or column) raise ValidationError; faults in
    single cells come back as Problems in `Parsed.problems` (severity "error" blocks the load). `known`: the
    indicators, besides the catalogue, that the file may name; `edition` overrides the recipe's edition rule.
    """
    path = Path(path)
    book = open_book(path, max_bytes=max_bytes)
    if recipe == TEMPLATE or (recipe is None and is_template(book)):
        wb = read_sheets(path, max_bytes=max_bytes)
        parsed = template.read(wb, known)
        parsed.problems = wb.warnings + parsed.problems
        return parsed
    chosen = find_recipe(recipe) if isinstance(recipe, str) else recipe or engine.choose(book, all_recipes())
    parsed = engine.apply(book, chosen, known=known, edition=edition)
    parsed.observations = parsed.observations.to_pandas()
    return parsed


def is_template(book: Book) -> bool:
    """The upload template: a Source sheet and a sheet with the Country, Indicator, Year, Value header."""
    names = {s.strip().casefold() for s in book.sheet_names}
    if book.is_csv or template.SOURCE_SHEET.casefold() not in names:
        return False
    wanted = {c.casefold() for c in template.KEY_COLUMNS}
    return any(wanted <= {engine.norm(c) for c in row} for s in book.sheet_names for row in book.head(s, 10))


def recognised(path: Path, max_bytes: int | None = None) -> str | None:
    """The name of the recipe (or "template") that would read `path`, or None when nothing fits."""
    book = open_book(Path(path), max_bytes=max_bytes)
    if is_template(book):
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
    path = Path(path)
    book = open_book(path, max_bytes=max_bytes)
    problems = mapping.check(book.file)
    if mapping.source is None:
        problems.append(Problem("say who published the data and which edition it is", file=book.file,
                                hint="fill in the source name and edition"))
    if problems:
        raise ValidationError("Mapping", problems)
    recipe = recipe_from(mapping.to_recipe(is_csv=book.is_csv), FORMAT)
    parsed = engine.apply(book, recipe, known=known)
    empty = empty_columns(book, mapping)
    if empty:
        raise ValidationError("Empty column", empty)
    parsed.format = FORMAT
    parsed.observations = parsed.observations.to_pandas()
    return parsed


def empty_columns(book: Book, mapping: Mapping) -> list[Problem]:
    """A problem for each column the mapping reads that holds no value (not even a missing marker) in any row
    under the header of any sheet mapped."""
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
