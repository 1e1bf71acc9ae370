"""Survey templates as Excel workbooks (openpyxl): respondent-level with a codebook, and aggregate results."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from etl.recipes.survey import (
    CODEBOOK_COLUMNS,
    CODEBOOK_SHEET,
    LABEL_COLUMNS,
    LABELS_SHEET,
    RESPONSES_SHEET,
    RESULTS_SHEET,
    SURVEY_SHEET,
)

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# A five-point agreement scale with "don't know" (8) and "no answer" (9), in English, Russian and Kazakh.
# «Затрудняюсь ответить» / «Жауап беруге қиналамын» are not listed: on some five-point forms they are the middle
# (3), on others "don't know" (8); a file using them says which by adding the label with its code.
AGREEMENT_LABELS = [
    ("*", 1, "Strongly disagree", "Полностью не согласен", "Мүлдем келіспеймін"),
    ("*", 2, "Disagree", "Не согласен", "Келіспеймін"),
    ("*", 3, "Neither agree nor disagree", "Ни да, ни нет", "Келісемін де, келіспеймін де"),
    ("*", 4, "Agree", "Согласен", "Келісемін"),
    ("*", 5, "Strongly agree", "Полностью согласен", "Толық келісемін"),
    ("*", 8, "Don't know", "Не знаю", "Білмеймін"),
    ("*", 9, "No answer", "Нет ответа", "Жауап жоқ"),
]

# The Hub's core question bank: engagement, merit, performance, integrity, training (5-point agreement).
HUB_QUESTIONS = [
    ("ENG1", "I am proud to work in the civil service", "Я горжусь тем, что работаю на государственной службе",
     "Engagement", False),
    ("ENG2", "I would recommend my organisation as a great place to work",
     "Я бы рекомендовал(а) свою организацию как отличное место работы", "Engagement", False),
    ("ENG3", "I am satisfied with my job", "Я удовлетворён(а) своей работой", "Engagement", False),
    ("MER1", "Recruitment in my organisation is based on merit",
     "Приём на работу в моей организации основан на заслугах", "Merit", False),
    ("MER2", "Personal connections matter more than skills for getting promoted",
     "Для повышения личные связи важнее профессиональных навыков", "Merit", True),
    ("PER1", "I receive regular feedback on my performance", "Я регулярно получаю обратную связь о своей работе",
     "Performance management", False),
    ("PER2", "My performance is evaluated fairly", "Моя работа оценивается справедливо",
     "Performance management", False),
    ("INT1", "I would feel safe reporting unethical behaviour",
     "Я могу без опасений сообщить о неэтичном поведении", "Integrity", False),
    ("INT2", "Gifts to get things done are common in my organisation",
     "Подарки «за решение вопроса» обычны в моей организации", "Integrity", True),
    ("TRN1", "I have access to the training I need", "У меня есть доступ к необходимому обучению", "Training",
     False),
    ("TRN2", "The training I received has improved my work", "Пройденное обучение помогло мне работать лучше",
     "Training", False),
]
GROUPS = ["gender", "age_band", "grade", "organisation", "tenure"]
THEMES_RU = {"Engagement": "Вовлечённость", "Merit": "Меритократия", "Performance management": "Управление "
             "результативностью", "Integrity": "Добросовестность", "Training": "Обучение"}


def hub_bank() -> tuple[str, list[dict]]:
    """The Hub's question bank as a survey form guess takes it: ("hub", questions with both texts and themes)."""
    return "hub", [{"code": c, "text_en": en, "text_ru": ru, "theme": th, "theme_ru": THEMES_RU.get(th), "reverse": rev}
                   for c, en, ru, th, rev in HUB_QUESTIONS]


def _header(ws, columns: list[str]) -> None:
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    ws.freeze_panes = "A2"


def _survey_sheet(wb: Workbook, fields: dict[str, object], level: str) -> None:
    ws = wb.active
    ws.title = SURVEY_SHEET
    _header(ws, ["field", "value", "what to write"])
    notes = {
        "dataset": "a short code for this survey programme, e.g. kaz_staff_survey",
        "survey_name": "the survey's name as it should appear on charts",
        "publisher": "who ran the survey", "licence": "terms on which the results may be shown, e.g. CC BY 4.0",
        "edition": "release of the results (default: the survey year)", "citation": "how to cite the results",
        "question_bank": "question bank the codes belong to (default: hub)",
        "demo": "yes only for made-up demonstration data",
        "country": "country name or ISO3 code", "year": "survey year",
        "fieldwork_start": "first day of fieldwork, e.g. 2024-03-01", "fieldwork_end": "last day of fieldwork",
        "population": "number of civil servants surveyed (all invited), if known",
        "response_rate": "share who answered, 0-1",
    }
    names = list(notes) if level == "respondent" else [n for n in notes if n not in (
        "country", "year", "fieldwork_start", "fieldwork_end", "population", "response_rate")]
    for name in names:
        ws.append([name, fields.get(name), notes[name]])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 70


def respondent_template(fields: dict[str, object] | None = None,
                        questions: list[tuple[str, str, str, str, bool]] = HUB_QUESTIONS,
                        groups: list[str] = GROUPS, respondents: pd.DataFrame | None = None,
                        labels: list[tuple] = AGREEMENT_LABELS) -> bytes:
    """The respondent-level template: Survey fields, Responses (one row per respondent), Codebook, Labels.

    `respondents` (optional) fills the Responses sheet: columns respondent_id, weight, the groups and the
    question codes (codes or labels)."""
    wb = Workbook()
    _survey_sheet(wb, fields or {"question_bank": "hub", "demo": "no"}, "respondent")
    ws = wb.create_sheet(RESPONSES_SHEET)
    columns = ["respondent_id", "weight", *groups, *[q[0] for q in questions]]
    _header(ws, columns)
    if respondents is not None:
        for row in respondents[columns].itertuples(index=False):
            ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    cb = wb.create_sheet(CODEBOOK_SHEET)
    _header(cb, CODEBOOK_COLUMNS)
    for g in groups:
        cb.append([g, "group", g])
    for code, en, ru, theme, reverse in questions:
        cb.append([code, "question", code, en, ru, theme, 1, 5, "1,2" if reverse else "4,5", "3",
                   "yes" if reverse else "no", "8", "9", THEMES_RU.get(theme)])
    kinds = DataValidation(type="list", formula1='"question,group"', allow_blank=False)
    cb.add_data_validation(kinds)
    kinds.add("B2:B500")
    yes_no = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    cb.add_data_validation(yes_no)
    yes_no.add("K2:K500")
    cb.column_dimensions["D"].width = 50
    cb.column_dimensions["E"].width = 50
    lab = wb.create_sheet(LABELS_SHEET)
    _header(lab, LABEL_COLUMNS)
    for row in labels:
        lab.append(list(row))
    return _bytes(wb)


def aggregate_template(fields: dict[str, object] | None = None, results: pd.DataFrame | None = None) -> bytes:
    """The aggregate template: Survey fields and Results (one row per country, year, question, group, measure)."""
    wb = Workbook()
    _survey_sheet(wb, fields or {"question_bank": "hub", "demo": "no"}, "aggregate")
    ws = wb.create_sheet(RESULTS_SHEET)
    columns = ["country", "year", "question_code", "question_text", "theme", "breakdown", "group", "measure", "n",
               "value", "lower", "upper"]
    _header(ws, columns)
    if results is not None:
        for row in results.reindex(columns=columns).itertuples(index=False):
            ws.append([None if pd.isna(v) else v for v in row])
    measures = DataValidation(type="list", formula1='"share,mean,index"', allow_blank=False)
    ws.add_data_validation(measures)
    measures.add("H2:H100000")
    return _bytes(wb)


def _bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write(data: bytes, path: Path) -> Path:
    Path(path).write_bytes(data)
    return Path(path)
