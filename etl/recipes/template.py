"""The dashboard's own indicator-data template (sheets Data, Source and New indicators), read as the mapping it
is (years down, an indicator and a value column) by the recipe engine, like every mapped upload."""

from __future__ import annotations

from core.errors import Problem, ValidationError
from etl import catalogue
from etl.read.book import Book
from etl.read.sheets import clean, find_header_row, parse_number
from etl.recipes.mapping import Mapping, NewIndicator, SourceInfo, yes_no

NAME = "template"
DESCRIPTION = "the dashboard's indicator-data template"
KEY_COLUMNS = ["Country", "Indicator", "Year", "Value"]
DATA_SHEET, SOURCE_SHEET, NEW_SHEET, EXAMPLE_SHEET = "Data", "Source", "New indicators", "Example"
# Source sheet: label in column A (English / Russian) -> SourceInfo field; values in column B.
SOURCE_FIELDS = {
    "name": ("Dataset name", "Название набора данных"),
    "edition": ("Edition (year or version)", "Выпуск (год или версия)"),
    "publisher": ("Publisher", "Издатель"),
    "licence": ("Licence", "Лицензия"),
    "citation": ("Citation", "Как ссылаться"),
    "url": ("Web address", "Веб-адрес"),
}
NEW_COLUMNS = {
    "code": ("Code", "Код"),
    "name_en": ("Name (English)", "Название (англ.)"),
    "name_ru": ("Name (Russian)", "Название (рус.)"),
    "definition_en": ("Definition (English)", "Определение (англ.)"),
    "definition_ru": ("Definition (Russian)", "Определение (рус.)"),
    "unit": ("Unit", "Единица"),
    "higher_is_better": ("Higher is better (yes/no)", "Чем больше, тем лучше (да/нет)"),
    "scale_min": ("Scale minimum", "Минимум шкалы"),
    "scale_max": ("Scale maximum", "Максимум шкалы"),
    "theme": ("Theme", "Тема"),
}


def label(pair: tuple[str, str]) -> str:
    return f"{pair[0]} / {pair[1]}"


def _data_sheet(book: Book) -> tuple[str, int] | None:
    """The sheet with the Country, Indicator, Year, Value header and its 0-based header row (not the example)."""
    for name in book.sheet_names:
        if clean(name) in (clean(EXAMPLE_SHEET), "пример"):
            continue
        header_row = find_header_row(book.head(name, 10), {clean(c) for c in KEY_COLUMNS})
        if header_row is not None:
            return name, header_row
    return None


def detect(book: Book) -> bool:
    """The upload template: a Source sheet and a sheet with the Country, Indicator, Year, Value header."""
    names = {clean(s) for s in book.sheet_names}
    return not book.is_csv and clean(SOURCE_SHEET) in names and _data_sheet(book) is not None


def mapping(book: Book) -> tuple[Mapping, list[Problem]]:
    """The template as a mapping (its Source and New indicators sheets as the mapping's source and new
    indicators), with the faults found in those two sheets."""
    found = _data_sheet(book)
    if found is None:
        raise ValidationError("Missing columns", [Problem(
            f"no sheet has the columns {', '.join(KEY_COLUMNS)}", file=book.file,
            hint="download a fresh template and copy the data into its 'Data' sheet")])
    sheet, header_row = found
    problems: list[Problem] = []
    sheets = {clean(s): s for s in book.sheet_names}
    source = _source(book.file, book.rows(sheets[clean(SOURCE_SHEET)]), problems)
    new_rows = book.rows(sheets[clean(NEW_SHEET)]) if clean(NEW_SHEET) in sheets else []
    new = _new_indicators(book.file, new_rows, problems)
    header = book.head(sheet, header_row + 1)[header_row]
    return Mapping(sheet=sheet, header_row=header_row + 1, country_column=_exact(header, "Country"), years="down",
                   year_column=_exact(header, "Year"), indicator_column=_exact(header, "Indicator"),
                   value_column=_exact(header, "Value"), new_indicators=new, source=source), problems


def _exact(header: list, name: str) -> str:
    """The header as written in the file for a column matched case-insensitively."""
    for cell in header:
        if clean(cell) == clean(name):
            return str(cell).strip()
    return name


def _source(file: str, rows: list[list], problems: list[Problem]) -> SourceInfo:
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    for i, row in enumerate(rows):
        if not row:
            continue
        key = clean(row[0])
        for name, pair in SOURCE_FIELDS.items():
            if key in (clean(pair[0]), clean(pair[1]), clean(label(pair))):
                values[name] = str(row[1]).strip() if len(row) > 1 and row[1] is not None else ""
                if isinstance(row[1] if len(row) > 1 else None, float) and row[1].is_integer():
                    values[name] = str(int(row[1]))
                where[name] = i + 1
    for name in ("name", "edition"):
        if not values.get(name):
            problems.append(Problem(
                f"the {SOURCE_FIELDS[name][0].lower()} is empty", file=file, sheet=SOURCE_SHEET,
                row=where.get(name), column="B",
                hint="say which dataset this is and which edition (e.g. 2024), so the data can be cited"))
    return SourceInfo(**{k: values.get(k, "") for k in SOURCE_FIELDS}) if values.get("name") and \
        values.get("edition") else SourceInfo(name=values.get("name") or "?", edition=values.get("edition") or "?")


def _new_indicators(file: str, rows: list[list], problems: list[Problem]) -> list[NewIndicator]:
    if not rows:
        return []
    header = [clean(c) for c in rows[0]]
    position = {}
    for name, pair in NEW_COLUMNS.items():
        for text in (label(pair), pair[0], pair[1]):
            if clean(text) in header:
                position[name] = header.index(clean(text))
                break
    out = []
    for i, row in enumerate(rows[1:], start=2):
        cell = {k: (row[j] if j < len(row) else "") for k, j in position.items()}
        if not any(str(v).strip() for v in cell.values()):
            continue
        code = str(cell.get("code", "")).strip().lower()
        direction = yes_no(cell.get("higher_is_better", ""))
        if direction is None:
            problems.append(Problem("say whether a higher value is better: yes or no", file=file, sheet=NEW_SHEET,
                                    row=i, column=label(NEW_COLUMNS["higher_is_better"]),
                                    value=cell.get("higher_is_better"), hint="pick yes or no from the list"))
            continue
        theme = str(cell.get("theme", "")).strip() or "governance"
        if theme not in catalogue.themes():
            problems.append(Problem("unknown theme", file=file, sheet=NEW_SHEET, row=i,
                                    column=label(NEW_COLUMNS["theme"]), value=theme,
                                    hint="pick one of: " + ", ".join(catalogue.themes())))
            continue
        scale = []
        for key in ("scale_min", "scale_max"):
            raw = cell.get(key, "")
            # numbers as text too: a number cell holding infinity or 1e300 is refused like the text would be
            number = parse_number(str(raw)) if str(raw).strip() else None
            if isinstance(number, str):
                problems.append(Problem(number, file=file, sheet=NEW_SHEET, row=i,
                                        column=label(NEW_COLUMNS[key]), value=raw,
                                        hint="type a number or leave it empty"))
                number = None
            scale.append(float(number) if number is not None else None)
        out.append(NewIndicator(
            code=code, name_en=str(cell.get("name_en", "")).strip(), name_ru=str(cell.get("name_ru", "")).strip(),
            definition_en=str(cell.get("definition_en", "")).strip(),
            definition_ru=str(cell.get("definition_ru", "")).strip(), unit=str(cell.get("unit", "")).strip(),
            higher_is_better=direction, scale_min=scale[0], scale_max=scale[1], theme=theme))
    return out
