"""The indicator-data template (xlsx): instructions in English and Russian, drop-down lists, a worked example."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from etl import catalogue
from etl.harmonise import countries
from etl.recipes.template import (
    DATA_SHEET,
    EXAMPLE_SHEET,
    KEY_COLUMNS,
    NEW_COLUMNS,
    NEW_SHEET,
    SOURCE_FIELDS,
    SOURCE_SHEET,
    label,
)

LISTS_SHEET = "Lists"
DATA_ROWS = 5000  # rows of the Data sheet that carry the drop-down lists
NEW_ROWS = 50
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)

INSTRUCTIONS = [
    ("Indicator-data template of the Hub Reform Monitor", "Шаблон данных показателей Монитора реформ Хаба"),
    ("", ""),
    ("1. Sheet 'Source': name the dataset and its edition (year or version); add the publisher, licence and "
     "how to cite it.",
     "1. Лист 'Source': укажите название набора данных и выпуск (год или версию); добавьте издателя, лицензию "
     "и как ссылаться на данные."),
    ("2. Sheet 'Data': one row per country, indicator and year. Pick the country and the indicator from the "
     "drop-down lists (a country may also be typed as its ISO3 code, e.g. KAZ, or its Russian name).",
     "2. Лист 'Data': одна строка на страну, показатель и год. Выберите страну и показатель из раскрывающихся "
     "списков (страну можно также указать кодом ISO3, например KAZ, или названием на русском)."),
    ("3. Year: four digits (2023), not a date. Value: a number with a decimal point or comma; no '%' sign, no "
     "formulas. Leave the value empty if it is missing: it is stored as missing, never as zero.",
     "3. Год: четыре цифры (2023), не дата. Значение: число с десятичной точкой или запятой; без знака '%' и "
     "без формул. Если значения нет, оставьте ячейку пустой: оно будет сохранено как отсутствующее, а не ноль."),
    ("4. An indicator that is not in the list: declare it in the sheet 'New indicators' (a code of your own "
     "such as kaz.vacancy_rate, its names, unit and whether a higher value is better), then use its code in "
     "'Data'.",
     "4. Показатель, которого нет в списке: опишите его на листе 'New indicators' (собственный код, например "
     "kaz.vacancy_rate, названия, единица измерения и лучше ли большее значение), затем используйте код на "
     "листе 'Data'."),
    ("5. The sheet 'Example' shows a filled-in file. It is never loaded.",
     "5. Лист 'Example' показывает заполненный файл. Он не загружается."),
    ("6. Upload the file on the Upload page (editors only) or with: python -m etl load FILE. You will see every "
     "problem found, and what will be added or changed, before anything is saved.",
     "6. Загрузите файл на странице загрузки (только для редакторов) или командой python -m etl load ФАЙЛ. "
     "Перед сохранением вы увидите все найденные проблемы и что будет добавлено или изменено."),
]

EXAMPLE_SOURCE = {"name": "National civil service statistics", "edition": "2024",
                  "publisher": "Agency for Civil Service Affairs", "licence": "CC BY 4.0",
                  "citation": "Agency for Civil Service Affairs, civil service statistics 2024", "url": ""}
EXAMPLE_INDICATOR = {"code": "nat.vacancy_rate", "name_en": "Vacancy rate in the civil service",
                     "name_ru": "Доля вакантных должностей на государственной службе",
                     "definition_en": "Vacant posts as a share of all established posts, 31 December.",
                     "definition_ru": "Вакантные должности в процентах от штатной численности на 31 декабря.",
                     "unit": "percent", "higher_is_better": "no", "scale_min": 0, "scale_max": 100,
                     "theme": "hrm"}
EXAMPLE_ROWS = [("Kazakhstan", "nat.vacancy_rate", 2022, 8.4), ("Kazakhstan", "nat.vacancy_rate", 2023, 7.9),
                ("KGZ", "nat.vacancy_rate", 2023, 11.2), ("Узбекистан", "nat.vacancy_rate", 2023, None)]


def build_template(extra_indicators: list[str] | None = None) -> bytes:
    """The template as xlsx bytes; `extra_indicators` adds codes (e.g. indicators earlier uploads declared)."""
    wb = Workbook()
    info = wb.active
    info.title = "Instructions"
    info.column_dimensions["A"].width = 80
    info.column_dimensions["B"].width = 80
    info.append(["English", "Русский"])
    for en, ru in INSTRUCTIONS:
        info.append([en, ru])
    for row in info.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    info["A1"].font = info["B1"].font = info["A2"].font = info["B2"].font = BOLD

    names = sorted(countries.country_table()["name_en"])
    codes = sorted(c for c in catalogue.indicators() if not c.startswith("demo.")) + sorted(extra_indicators or [])
    lists = wb.create_sheet(LISTS_SHEET)
    lists.append(["Country", "Indicator", "Theme", "Yes/no"])
    themes = list(catalogue.themes())
    for i in range(max(len(names), len(codes) + NEW_ROWS)):
        lists.cell(i + 2, 1, names[i] if i < len(names) else None)
        if i < len(codes):
            lists.cell(i + 2, 2, codes[i])
        elif i < len(codes) + NEW_ROWS:  # codes declared in 'New indicators' join the drop-down list
            src = f"'{NEW_SHEET}'!A{i - len(codes) + 2}"
            lists.cell(i + 2, 2, f'=IF({src}="","",{src})')
        if i < len(themes):
            lists.cell(i + 2, 3, themes[i])
    for i, word in enumerate(["yes", "no", "да", "нет"]):
        lists.cell(i + 2, 4, word)
    lists.sheet_state = "hidden"

    source = wb.create_sheet(SOURCE_SHEET)
    _source_sheet(source, {})
    data = wb.create_sheet(DATA_SHEET)
    _data_sheet(data, names, codes, [])
    new = wb.create_sheet(NEW_SHEET)
    _new_sheet(new, themes, [])
    example = wb.create_sheet(EXAMPLE_SHEET)
    example.append(["EXAMPLE - not loaded / ПРИМЕР - не загружается"])
    example["A1"].font = Font(bold=True, color="C00000")
    example.append([])
    example.append(["Sheet 'Source' / Лист 'Source'"])
    for key, pair in SOURCE_FIELDS.items():
        example.append([label(pair), EXAMPLE_SOURCE[key]])
    example.append([])
    example.append(["Sheet 'New indicators' / Лист 'New indicators'"])
    example.append([label(p) for p in NEW_COLUMNS.values()])
    example.append([EXAMPLE_INDICATOR[k] for k in NEW_COLUMNS])
    example.append([])
    example.append(["Sheet 'Data' / Лист 'Data' (an empty value = missing / пусто = нет данных)"])
    example.append(KEY_COLUMNS)
    for row in EXAMPLE_ROWS:
        example.append(list(row))
    example.column_dimensions["A"].width = 40
    example.column_dimensions["B"].width = 40
    wb.active = wb.index(info)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _source_sheet(ws, values: dict[str, str]) -> None:
    ws.append(["Field / Поле", "Value / Значение"])
    for key, pair in SOURCE_FIELDS.items():
        ws.append([label(pair), values.get(key, "")])
    ws["A2"].comment = Comment("Required / Обязательно", "template")
    ws["A3"].comment = Comment("Required / Обязательно", "template")
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 60
    for cell in ws[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL


def _data_sheet(ws, names: list[str], codes: list[str], rows: list[tuple]) -> None:
    ws.append(KEY_COLUMNS)
    for row in rows:
        ws.append(list(row))
    for cell in ws[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCD", (34, 34, 10, 14), strict=True):
        ws.column_dimensions[letter].width = width
    country = DataValidation(type="list", formula1=f"={LISTS_SHEET}!$A$2:$A${len(names) + 1}",
                             allow_blank=True, errorStyle="warning", showErrorMessage=True,
                             errorTitle="Country / Страна",
                             error="Not in the list: an ISO3 code or a Russian name is fine too. / Нет в списке: "
                                   "можно указать код ISO3 или название на русском.")
    indicator = DataValidation(type="list", formula1=f"={LISTS_SHEET}!$B$2:$B${len(codes) + NEW_ROWS + 1}",
                               allow_blank=True, errorStyle="stop", showErrorMessage=True,
                               errorTitle="Indicator / Показатель",
                               error="Pick an indicator from the list, or declare it in 'New indicators'. / "
                                     "Выберите показатель из списка или опишите его на листе 'New indicators'.")
    year = DataValidation(type="whole", operator="between", formula1="1900", formula2="2100", allow_blank=True,
                          showErrorMessage=True, error="A year such as 2023 / Год, например 2023")
    value = DataValidation(type="decimal", operator="between", formula1="-1E+300", formula2="1E+300",
                           allow_blank=True, showErrorMessage=True, error="A number / Число")
    for dv, letter in ((country, "A"), (indicator, "B"), (year, "C"), (value, "D")):
        dv.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
        ws.add_data_validation(dv)


def _new_sheet(ws, themes: list[str], rows: list[dict]) -> None:
    ws.append([label(p) for p in NEW_COLUMNS.values()])
    for row in rows:
        ws.append([row.get(k) for k in NEW_COLUMNS])
    for cell in ws[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True)
    for j in range(len(NEW_COLUMNS)):
        ws.column_dimensions[chr(65 + j)].width = 22
    direction = DataValidation(type="list", formula1=f"={LISTS_SHEET}!$D$2:$D$5", allow_blank=True)
    theme = DataValidation(type="list", formula1=f"={LISTS_SHEET}!$C$2:$C${len(themes) + 1}", allow_blank=True)
    direction.add(f"G2:G{NEW_ROWS + 1}")
    theme.add(f"J2:J{NEW_ROWS + 1}")
    ws.add_data_validation(direction)
    ws.add_data_validation(theme)


def filled_template(source: dict[str, str], data: list[tuple], new: list[dict] | None = None) -> bytes:
    """A filled-in template (for tests, the benchmark and the worked example): the real template plus rows."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(build_template()))
    for key, pair in SOURCE_FIELDS.items():
        for row in wb[SOURCE_SHEET].iter_rows(min_row=2):
            if row[0].value == label(pair):
                row[1].value = source.get(key, "")
    for row in data:
        wb[DATA_SHEET].append(list(row))
    for row in new or []:
        wb[NEW_SHEET].append([row.get(k) for k in NEW_COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
