"""The one pure entry point of parsing: a file (and optionally a recipe) in, `Parsed` out; no store is touched, so
a guarded child process can run it and send the result back."""

from __future__ import annotations

from pathlib import Path

from core.errors import Problem, ValidationError
from etl.model import IndicatorMeta, Parsed
from etl.read.book import Book, open_book
from etl.read.sheets import read_sheets
from etl.recipes import engine, template
from etl.recipes.recipe import Recipe, all_recipes, find_recipe

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
