"""A starting recipe for a file no recipe fits: the header row, country, year and value columns guessed from its
first rows, written as YAML for a person to check and complete (`etl load FILE --write-recipe R.yaml`)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from etl.read.book import open_book
from etl.read.tokens import parse_number, year_of_header
from etl.recipes.engine import _cell_text, _headers
from etl.recipes.mapping import guess_country_column, guess_header_row

SDMX_COLUMNS = {"REF_AREA", "TIME_PERIOD", "OBS_VALUE"}


def starting_recipe(path: Path) -> str:
    """YAML text of a recipe that reads `path` as far as its first rows tell; every guess is marked TODO."""
    path = Path(path)
    book = open_book(path)
    sheet = next((s for s in book.sheet_names if any(any(_cell_text(c) for c in r) for r in book.head(s))),
                 book.sheet_names[0])
    rows = book.head(sheet)
    header_row = guess_header_row(rows)
    header = _headers(rows, header_row - 1)
    body = rows[header_row:]
    stem = re.sub(r"[^a-z0-9]+", "_", path.stem.casefold()).strip("_")[:40] or "my_dataset"
    recipe: dict = {
        "dataset": stem,
        "title": {"en": f"TODO: the dataset's name ({path.name})", "ru": "", "kk": ""},
        "publisher": "TODO", "licence": "TODO", "citation": "TODO: how to cite it, {edition}", "url": "",
        "edition": {"from": "file", "pattern": r"((?:19|20)\d\d)", "format": "{1}"},
    }
    names = [h for h in header if h]
    years = [h for h in names if year_of_header(h) is not None]
    country = guess_country_column(rows, header_row)
    if SDMX_COLUMNS <= set(names):
        recipe["recognise"] = {"columns": sorted(SDMX_COLUMNS),
                               "structure": _first_value(body, header, {"STRUCTURE_ID", "DATAFLOW"}) or "TODO"}
        recipe["layout"] = "sdmx"
        recipe["country"] = {"column": "REF_AREA", "codes": "iso3"}
        recipe["year"] = {"column": "TIME_PERIOD"}
        dims = [h for h in names if h not in SDMX_COLUMNS | {"STRUCTURE", "STRUCTURE_ID", "ACTION", "DATAFLOW",
                                                               "OBS_STATUS", "UNIT_MULT", "FREQ"}]
        recipe["indicator"] = {"columns": dims[:2], "format": "TODO." + ".".join("{" + d + "}" for d in dims[:2]),
                               "declare": True}
        recipe["values"] = [{"header": "OBS_VALUE"}]
    elif len(years) >= 2:
        others = [h for h in names if h not in years and h != country]
        recipe["recognise"] = {"columns": [c for c in [country, *others[:2]] if c]}
        recipe["layout"] = "wide_years"
        recipe["country"] = {"name": country or "TODO", "codes": "names"}
        recipe["indicator"] = {"column": others[0], "format": "TODO.{value}", "declare": True} if others else \
            {"fixed": "TODO.indicator_code"}
    else:
        numeric = [h for j, h in enumerate(header) if h and h != country and _mostly_numbers(body, j)]
        year = next((h for h in names if re.search(r"year|год|period|time", h, re.IGNORECASE)), None)
        numeric = [h for h in numeric if h != year]
        recipe["recognise"] = {"columns": [c for c in [country, year, *numeric[:2]] if c]}
        recipe["layout"] = "wide_indicators" if len(numeric) > 1 else "long"
        recipe["country"] = {"name": country or "TODO", "codes": "names"}
        recipe["year"] = {"column": year} if year else {"fixed": 2024}
        recipe["values"] = [{"header": h, "indicator": f"{stem}.{_slug(h) or 'column_' + str(header.index(h) + 1)}"}
                            for h in numeric] or \
            [{"header": "TODO", "indicator": "TODO"}]
    if header_row > 1:
        recipe["header"] = {"row": header_row}
    if not book.is_csv:
        recipe["sheets"] = "^" + re.escape(sheet) + "$"
    recipe["defaults"] = {"unit": "TODO", "theme": "governance", "higher_is_better": True}
    intro = (f"# A starting recipe for {path.name}, guessed from its first rows: check every value, fill in the "
             "TODOs,\n# then load with: python -m etl load FILE --recipe THIS_FILE.yaml  (the format is in the "
             "README)\n")
    return intro + yaml.safe_dump(recipe, sort_keys=False, allow_unicode=True, width=110)


def _first_value(body: list[list], header: list[str], names: set[str]) -> str | None:
    for j, h in enumerate(header):
        if h in names:
            for row in body:
                if j < len(row) and _cell_text(row[j]):
                    return re.escape(_cell_text(row[j]).split(":")[0].split("(")[0])
    return None


def _mostly_numbers(body: list[list], j: int) -> bool:
    cells = [row[j] for row in body[:30] if j < len(row) and _cell_text(row[j])]
    numbers = [c for c in cells if isinstance(c, int | float) or isinstance(parse_number(str(c)), float | type(None))]
    return bool(cells) and len(numbers) >= 0.8 * len(cells)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")[:40]
