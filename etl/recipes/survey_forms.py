"""Survey form exports (Google / Microsoft Forms, LimeSurvey, KoboToolbox): one row per respondent, answers as text.

`guess_form(wb)` recognises such a file and proposes a `SurveyForm` (plain dataclasses that turn into a dict and
back, so a confirmed form can be kept as a recipe); `parse_form(wb, form)` reads the file through it into the
same `ParsedSurvey` the respondent template gives, so both load, estimate and suppress alike. Pure: no store.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from core.errors import Problem, ValidationError, coded
from etl.harmonise import countries
from etl.model import SourceMeta
from etl.read.cells import cell_text, column_letter
from etl.read.sheets import MISSING_MARKERS, Workbook, to_numbers
from etl.recipes.answer_labels import ANY_SCALE, ASK, ROLES, known, norm_label
from etl.recipes.survey import NOT_STATED, QUESTION_COLUMNS, SURVEY_COLUMNS, ParsedSurvey, _check_ids, slug

FORMAT = "survey_form"
ASK_ROLES = ("neutral", "dont_know")  # what an answer such as «Затрудняюсь ответить» may be: the middle or not counted
COLUMN_ROLES = ("question", "country", "group", "weight", "timestamp", "id", "ignore")
MAX_LISTED = 20  # cells of one kind listed one by one per column; the rest counted
MAX_DISTINCT = 15  # a question has at most this many different answers
MIN_QUESTIONS = 2  # columns of known answer labels that make a file a survey form
CODE = re.compile(r"^\w[\w.-]{0,39}$")

# Header words (casefolded substrings) that say what a column holds, in English, Russian and Kazakh.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "timestamp": ("timestamp", "отметка времени", "submission time", "submitdate", "datestamp", "start time",
                  "completion time", "время создания", "время заполнения", "дата заполнения", "уақыт белгісі",
                  "_submission_time", "start", "end", "date", "дата"),
    "id": ("respondent id", "response id", "id респондента", "_id", "_uuid", "id", "№", "номер анкеты"),
    "weight": ("weight", "вес", "салмақ", "wt"),
    "country": ("country", "страна", "государство", "ел", "мемлекет"),
    "ignore": ("email", "e-mail", "почта", "name", "имя", "фио", "аты-жөні", "ipaddr", "_index", "_status",
               "_notes", "_tags", "__version__", "_validation_status", "_submitted_by", "lastpage",
               "startlanguage", "seed", "refurl", "phone", "телефон"),
}
# Breakdowns: canonical name -> header words.
GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "gender": ("gender", "sex", "пол", "жыныс"),
    "age_band": ("age", "возраст", "жас"),
    "grade": ("grade", "position", "должност", "лауазым", "категори", "санат"),
    "organisation": ("organisation", "organization", "ministry", "agency", "department", "орган", "организаци",
                     "министерств", "ведомств", "ұйым", "мекеме", "министрлі"),
    "tenure": ("tenure", "стаж", "experience", "опыт работы", "өтіл"),
    "region": ("region", "регион", "област", "облыс"),
    "education": ("education", "образовани", "білім"),
    "level": ("level of government", "уровень", "деңгей"),
}
_NUMBERED = re.compile(r"^\s*(?:[A-Za-zА-Яа-яЁё]{1,3}[ _-]?)?(\d{1,3}(?:[._]\d{1,3})*)\s*[.):\-–—]\s*(\S.*)$", re.S)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_SPACE = re.compile(r"\s+")


# ---- the form: what each column is and what each answer means (a recipe later) ------------------------------


@dataclass
class ScaleAnswer:
    """One answer of a scale as the form writes it, what it means and its place on the scale."""

    text: str
    role: str | None = None  # favourable | neutral | unfavourable | dont_know; None: not chosen yet
    position: int | None = None  # 1 = least favourable; equal places share a code; None for "don't know"


@dataclass
class AnswerScale:
    """An ordered answer scale shared by questions (agreement, frequency, ... or a set of the form's own)."""

    key: str
    answers: list[ScaleAnswer] = field(default_factory=list)

    def on_scale(self) -> list[ScaleAnswer]:
        return [a for a in self.answers if a.role in ROLES and a.role != "dont_know"]

    def codes(self) -> dict[str, int | None]:
        """Normalised answer -> code 1..k (dense rank of the positions); None for "don't know" answers."""
        places = sorted({a.position for a in self.on_scale() if a.position is not None})
        rank = {p: i + 1 for i, p in enumerate(places)}
        return {norm_label(a.text): (rank.get(a.position) if a.role != "dont_know" else None) for a in self.answers}

    def coded_roles(self) -> dict[str, list[int]]:
        """Codes of the favourable, neutral and unfavourable answers."""
        codes = self.codes()
        out: dict[str, list[int]] = {"favourable": [], "neutral": [], "unfavourable": []}
        for a in self.on_scale():
            code = codes[norm_label(a.text)]
            if code is not None and code not in out[a.role]:
                out[a.role].append(code)
        return {k: sorted(v) for k, v in out.items()}


@dataclass
class FormQuestion:
    """A question column: its code in the question bank, its text and scale, and whether it is reverse-coded."""

    column: str
    code: str
    text: str  # as the form asks it
    scale: str
    reverse: bool = False
    theme: str | None = None
    text_en: str | None = None  # the bank's English and Russian texts when the question is one of the bank's
    text_ru: str | None = None
    theme_ru: str | None = None


@dataclass
class FormSource:
    """Who ran the survey and on what terms (asked on the upload page)."""

    name: str = ""
    publisher: str = ""
    licence: str = ""
    edition: str = ""  # default: the survey year
    dataset: str = ""  # default: made from the name
    citation: str = ""


@dataclass
class SurveyForm:
    """How to read a survey form export. A plain dataclass: `to_dict()` / `from_dict()` round-trip."""

    sheet: str
    header_row: int = 1  # 1-based, as a spreadsheet shows it
    questions: list[FormQuestion] = field(default_factory=list)
    scales: list[AnswerScale] = field(default_factory=list)
    country_column: str | None = None  # several countries in one file: one survey per country
    country: str | None = None  # or every respondent in one country
    year: int | None = None
    timestamp_column: str | None = None  # gives the fieldwork dates (and the year's first guess)
    id_column: str | None = None  # default: respondents are numbered by their row
    weight_column: str | None = None  # default: every respondent counts once
    groups: dict[str, str] = field(default_factory=dict)  # column -> breakdown name (gender, grade, organisation)
    language: str = "ru"  # language of the question texts (ru, kk, en)
    bank: str = ""  # question bank of the codes; default: the dataset
    source: FormSource = field(default_factory=FormSource)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SurveyForm:
        data = dict(data)
        data["questions"] = [FormQuestion(**q) for q in data.get("questions", [])]
        data["scales"] = [AnswerScale(key=s["key"], answers=[ScaleAnswer(**a) for a in s.get("answers", [])])
                          for s in data.get("scales", [])]
        data["source"] = FormSource(**data.get("source", {}))
        return cls(**data)

    def scale(self, key: str) -> AnswerScale | None:
        return next((s for s in self.scales if s.key == key), None)

    def role_of(self, column: str) -> str:
        """What a column is in this form (one of COLUMN_ROLES)."""
        if any(q.column == column for q in self.questions):
            return "question"
        for role, name in (("country", self.country_column), ("weight", self.weight_column),
                           ("timestamp", self.timestamp_column), ("id", self.id_column)):
            if name == column:
                return role
        return "group" if column in self.groups else "ignore"


@dataclass
class FormColumn:
    """What the guess saw in a column: its letter, header, how many cells are filled, a few answers."""

    letter: str
    header: str
    filled: int
    distinct: int
    samples: list[str]


@dataclass
class FormGuess:
    """A recognised survey form: the proposed form, the columns seen, and how often each answer was given."""

    form: SurveyForm
    columns: list[FormColumn]
    respondents: int
    answer_counts: dict[str, dict[str, int]]  # scale key -> normalised answer -> respondents


# ---- reading the sheet ---------------------------------------------------------------------------------------


def form_headers(row: list) -> list[str]:
    """The header texts of a row, each unique: an empty header is named by its letter, a repeated one gets
    its letter added ('Comment (F)'), so every column has a name a form can refer to."""
    texts = [cell_text(c) for c in row]
    seen = Counter(t for t in texts if t)
    out = []
    for j, text in enumerate(texts):
        if not text:
            out.append(f"({column_letter(j)})")
        elif seen[text] > 1 and text in out:
            out.append(f"{text} ({column_letter(j)})")
        else:
            out.append(text)
    return out


def _body(rows: list[list], header_row: int, names: list[str]) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """The cells under the header (index: spreadsheet row numbers) and each column's cells as text (None where
    blank), rows with nothing in them dropped. Each distinct cell of a column is looked at once."""
    width = len(names)
    body = rows[header_row:]
    frame = pd.DataFrame([[*r[:width], *[None] * (width - len(r[:width]))] for r in body], dtype=object,
                         index=np.arange(header_row + 1, header_row + 1 + len(body)), columns=range(width))
    texts = {name: _texts(frame[j]) for j, name in enumerate(names)}
    filled = np.zeros(len(frame), dtype=bool)
    for cells in texts.values():
        filled |= cells.notna().to_numpy()
    return frame[filled], {name: cells[filled] for name, cells in texts.items()}


def _blank(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float):
        return bool(np.isnan(cell))
    return isinstance(cell, str) and cell.strip().casefold() in MISSING_MARKERS


def _texts(cells: pd.Series) -> pd.Series:
    """Cells as stripped text, None where blank; each distinct cell converted once."""
    codes, uniques = pd.factorize(cells.to_numpy(dtype=object), use_na_sentinel=False)
    texts = np.array([None if _blank(u) else cell_text(u) for u in uniques], dtype=object)
    return pd.Series(texts[codes] if len(codes) else [], index=cells.index, dtype=object)


def _matches(header: str, words: tuple[str, ...]) -> bool:
    h = header.casefold().strip()
    for word in words:
        if len(word) <= 3 or word.startswith("_"):  # short words and Kobo names: the whole header or a word
            if h == word or re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", h):
                return True
        elif word in h:
            return True
    return False


# ---- the guess -------------------------------------------------------------------------------------------------


def _bank_index(questions: list[dict]) -> dict[str, dict]:
    """Normalised question text (English or Russian) -> the bank's question."""
    out = {}
    for q in questions:
        for text in (q.get("text_en"), q.get("text_ru")):
            if text:
                out[norm_label(text)] = q
    return out


def _header_row(rows: list[list], max_scan: int = 10) -> int:
    """1-based: the first row with at least three filled cells, most of them text (forms put it first)."""
    for i, row in enumerate(rows[:max_scan]):
        filled = [c for c in row if not _blank(c)]
        if len(filled) >= 3 and sum(isinstance(c, str) for c in filled) >= 0.6 * len(filled):
            return i + 1
    return 1


def _family(texts: list[str]) -> tuple[str | None, float]:
    """The known scale most of the answers belong to, and the share of answers that are known labels."""
    found = [known(t) for t in texts]
    share = sum(f is not None for f in found) / max(1, len(texts))
    families = Counter(f.scale for f in found if f is not None and f.scale != ANY_SCALE)
    return (families.most_common(1)[0][0] if families else None), share


def guess_form(wb: Workbook, file_name: str | None = None, bank: tuple[str, list[dict]] | None = None,
               ) -> FormGuess | None:
    """The survey form a file looks like, or None when it is not one (fewer than two columns of known answers).

    `bank`: (name, questions) of a question bank whose questions a form may ask (dicts with code, text_en,
    text_ru, theme, theme_ru, reverse); a question asked in its words gets its code, and when every question
    does, the form's bank is that bank."""
    best = None
    for sheet, rows in wb.sheets.items():
        if len(rows) < 2 or sheet in wb.hidden:
            continue
        found = _guess_sheet(wb, sheet, rows, file_name or wb.file, bank or ("", []))
        if found is not None and (best is None or len(found.form.questions) > len(best.form.questions)):
            best = found
    return best


def _guess_sheet(wb: Workbook, sheet: str, rows: list[list], file_name: str,
                 bank: tuple[str, list[dict]]) -> FormGuess | None:
    header_row = _header_row(rows)
    names = form_headers(rows[header_row - 1])
    body, texts = _body(rows, header_row, names)
    if body.empty:
        return None
    families: dict[str, str | None] = {}
    for name, cells in texts.items():
        distinct = cells.dropna().unique().tolist()
        if 0 < len(distinct) <= MAX_DISTINCT:
            family, share = _family(distinct)
            if share >= 0.6 and family:
                families[name] = family
    if sum(1 for f in families.values() if f) < MIN_QUESTIONS:
        return None
    form = SurveyForm(sheet=sheet, header_row=header_row)
    hub = _bank_index(bank[1])
    candidates: dict[str, frozenset] = {}  # low-cardinality text columns not placed yet: maybe groups
    for j, name in enumerate(names):
        cells = texts[name]
        filled = cells.dropna()
        if filled.empty:
            continue
        if name in families:
            continue
        raw = body[j]
        dates = raw.map(lambda c: isinstance(c, date)).mean() >= 0.8
        if form.timestamp_column is None and (dates or (_matches(name, HEADER_WORDS["timestamp"])
                                                       and _dates(filled).notna().mean() >= 0.8)):
            form.timestamp_column = name
        elif _group_name(name):
            candidates[name] = frozenset(norm_label(v) for v in filled.unique())
        elif _matches(name, HEADER_WORDS["ignore"]):
            continue
        elif form.weight_column is None and _matches(name, HEADER_WORDS["weight"]):
            form.weight_column = name
        elif form.id_column is None and _matches(name, HEADER_WORDS["id"]) and filled.is_unique:
            form.id_column = name
        elif form.country_column is None and _is_country_column(name, filled):
            form.country_column = name
        elif filled.nunique() <= max(60, len(filled) // 2):
            candidates[name] = frozenset(norm_label(v) for v in filled.unique())
    # Text columns sharing one set of answers with another column, under no group-like header: questions on a
    # scale the reference file does not know (their answers' meaning is then asked).
    shared = Counter(v for n, v in candidates.items() if len(v) <= MAX_DISTINCT and not _group_name(n))
    for name, values in candidates.items():
        if len(values) <= MAX_DISTINCT and shared[values] >= 2 and not _group_name(name):
            families[name] = None
        else:
            form.groups[name] = _group_name(name) or _breakdown(name, form.groups)
    scales: dict[object, AnswerScale] = {}
    counts: dict[str, dict[str, int]] = {}
    custom = 0
    order = [n for n in names if n in families]
    for i, name in enumerate(order):
        family = families[name]
        key: object = family or frozenset(norm_label(v) for v in texts[name].dropna().unique())
        if key not in scales:
            if family is None:
                custom += 1
            scales[key] = AnswerScale(key=family or f"scale_{custom}")
        scale = scales[key]
        tally = counts.setdefault(scale.key, {})
        for text, n in texts[name].value_counts().items():
            k = norm_label(text)
            if k not in tally:
                scale.answers.append(ScaleAnswer(text=str(text)))
            tally[k] = tally.get(k, 0) + int(n)
        form.questions.append(_question(name, i, scale.key, hub))
    for scale in scales.values():
        _place_answers(scale)
    _unique_codes(form.questions)
    matched = [q for q in form.questions if q.text_en or q.text_ru]
    form.bank = bank[0] if matched and len(matched) == len(form.questions) else ""
    form.scales = list(scales.values())
    langs = Counter(k.lang for s in form.scales for a in s.answers if (k := known(a.text)) is not None)
    form.language = langs.most_common(1)[0][0] if langs else "en"
    form.year = _guess_year(texts.get(form.timestamp_column), sheet, file_name)
    stem = _SPACE.sub(" ", Path(file_name).stem.replace("_", " ").replace("-", " ")).strip()
    dataset = slug(_YEAR.sub("", stem))[:60]  # the same survey next year keeps its dataset code
    form.source = FormSource(name=stem, edition=str(form.year) if form.year else "", dataset=dataset)
    form.bank = form.bank or dataset
    columns = [FormColumn(letter=column_letter(j), header=name, filled=int(texts[name].notna().sum()),
                          distinct=int(texts[name].nunique()),
                          samples=[str(v) for v in texts[name].dropna().unique()[:3]]) for j, name in enumerate(names)]
    return FormGuess(form=form, columns=columns, respondents=len(body), answer_counts=counts)


def _is_country_column(name: str, filled: pd.Series) -> bool:
    distinct = [v for v in filled.unique() if re.search(r"[^\W\d_]", v)]  # numbers are ages, not M49 codes
    if not distinct or len(distinct) > 80:
        return False
    hits = countries.harmonize(pd.Series(distinct, dtype="string")).iso3.notna().mean()
    return bool(hits >= 0.8 or (hits >= 0.5 and _matches(name, HEADER_WORDS["country"])))


def _group_name(header: str) -> str | None:
    for name, words in GROUP_WORDS.items():
        if _matches(header, words):
            return name
    return None


def _breakdown(header: str, taken: dict[str, str]) -> str:
    base = slug(header)[:40] or "group"
    name, n = base, 1
    while name in taken.values():
        n += 1
        name = f"{base}_{n}"
    return name


def _question(header: str, i: int, scale: str, hub: dict[str, dict]) -> FormQuestion:
    m = _NUMBERED.match(header)
    text = m.group(2).strip() if m else header
    found = hub.get(norm_label(text)) or hub.get(norm_label(header))
    if found:
        return FormQuestion(column=header, code=found["code"], text=text, scale=scale,
                            reverse=bool(found.get("reverse")), theme=found.get("theme"),
                            text_en=found.get("text_en"), text_ru=found.get("text_ru"), theme_ru=found.get("theme_ru"))
    code = f"Q{m.group(1).replace('.', '_')}" if m else f"Q{i + 1:02d}"
    return FormQuestion(column=header, code=code, text=text, scale=scale)


def _unique_codes(questions: list[FormQuestion]) -> None:
    """A guess never proposes one code twice (the person may still type one twice: that is refused)."""
    seen: set[str] = set()
    for q in questions:
        code, n = q.code, 1
        while code in seen:
            n += 1
            code = f"{q.code}_{n}"
        q.code = code
        seen.add(code)


def column_answers(wb: Workbook, form: SurveyForm, column: str, counts: bool = False) -> list[str] | dict[str, int]:
    """The different answers of a column (most frequent first), or with how many respondents gave each."""
    rows = wb.sheets[form.sheet]
    names = form_headers(rows[form.header_row - 1])
    if column not in names:
        return {} if counts else []
    tally = _body(rows, form.header_row, names)[1][column].dropna().value_counts()
    return {str(k): int(v) for k, v in tally.items()} if counts else [str(k) for k in tally.index]


def new_scale(key: str, answers: list[str]) -> AnswerScale:
    """A scale of these answers (one per spelling), roles and places taken from the known labels."""
    unique = {norm_label(a): a for a in reversed(answers)}
    scale = AnswerScale(key=key, answers=[ScaleAnswer(text=a) for a in reversed(unique.values())])
    _place_answers(scale)
    return scale


def _place_answers(scale: AnswerScale) -> None:
    """Roles and places from the known labels: places are the dense rank of the labels' ranks; an answer that
    is the middle on some forms and "don't know" on others gets the middle place but no role (asked)."""
    ranks = {}
    for a in scale.answers:
        k = known(a.text)
        if k is None:
            continue
        a.role = None if k.role == ASK else k.role
        ranks[a.text] = k.rank
    places = {r: i + 1 for i, r in enumerate(sorted({r for r in ranks.values() if r is not None}))}
    for a in scale.answers:
        rank = ranks.get(a.text)
        a.position = places[rank] if rank is not None else None
    scale.answers.sort(key=lambda a: (a.position is None, -(a.position or 0), a.text))


def _guess_year(stamps: pd.Series | None, sheet: str, file_name: str) -> int | None:
    if stamps is not None:
        years = _dates(stamps.dropna()).dropna().map(lambda d: d.year)
        if len(years):
            return int(years.mode().iloc[0])
    for text in (sheet, Path(file_name).stem):
        m = _YEAR.search(text or "")
        if m:
            return int(m.group(1))
    return None


# ---- dates of the timestamp column ---------------------------------------------------------------------------

_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DMY = re.compile(r"^\s*(\d{1,2})([./])(\d{1,2})\2(\d{2,4})")


def _dates(cells: pd.Series) -> pd.Series:
    """Timestamp cells as dates (None where unreadable): date cells, ISO text, 31.03.2024 and 3/31/2024
    (a slash date is read month first unless some first part is above 12: then the column is day first)."""
    texts = [c for c in cells if isinstance(c, str)]
    day_first = any((m := _DMY.match(t)) and m.group(2) == "/" and int(m.group(1)) > 12 for t in texts)

    def one(cell: object) -> date | None:
        if isinstance(cell, datetime):
            return cell.date()
        if isinstance(cell, date):
            return cell
        text = str(cell)
        try:
            if m := _ISO.match(text):
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if m := _DMY.match(text):
                a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
                y += 2000 if y < 100 else 0
                day, month = (a, b) if m.group(2) == "." or day_first else (b, a)
                return date(y, month, day)
        except ValueError:
            return None
        return None

    return pd.Series([one(c) for c in cells], index=cells.index, dtype=object)


# ---- reading the file through the form ------------------------------------------------------------------------


def parse_form(wb: Workbook, form: SurveyForm) -> ParsedSurvey:
    """The file read through `form`, as a respondent-level ParsedSurvey (problems located; blocking faults of
    the form itself raise ValidationError). Harmonising the countries is left to `prepare_survey`."""
    file = wb.file
    if form.sheet not in wb.sheets:
        raise ValidationError(f"{file}: the survey form does not fit the file", [coded(
            "sf_no_sheet", {"sheet": form.sheet, "sheets": ", ".join(f"'{s}'" for s in wb.sheets)}, file=file)])
    rows = wb.sheets[form.sheet]
    label = wb.sheet_label(form.sheet)
    if not 1 <= form.header_row <= len(rows):
        raise ValidationError(f"{file}: the survey form does not fit the file", [coded(
            "sf_no_header", {"row": form.header_row}, file=file, sheet=label)])
    names = form_headers(rows[form.header_row - 1])
    position = {name: j for j, name in enumerate(names)}
    where = {"file": file, "sheet": label, "row": form.header_row}
    problems = _check_form(form, position, where)
    if any(p.severity == "error" for p in problems):
        raise ValidationError(f"{file}: the survey form has {len(problems)} problem(s); nothing was loaded", problems)
    body, cells = _body(rows, form.header_row, names)
    if body.empty:
        raise ValidationError(f"{file}: no respondents", [coded("sf_no_rows", {}, **where)])
    row_numbers = pd.Series(body.index, index=body.index)

    # Respondents: ids, weights, groups, the survey each belongs to.
    if form.id_column:
        ids = cells[form.id_column]
        problems += _check_ids(ids, row_numbers, file, label, form.id_column)
    else:
        ids = row_numbers.astype(str)
    respondents = pd.DataFrame({"respondent_id": ids.to_numpy(), "row": body.index.to_numpy()}, index=body.index)
    if form.weight_column:
        raw = body[position[form.weight_column]]
        weight, found = to_numbers(raw, file=file, sheet=label, column=form.weight_column, rows=body.index)
        problems += found
        flagged = {p.row for p in found}
        bad = [i for i in np.flatnonzero(~np.isfinite(weight) | (weight <= 0)) if body.index[i] not in flagged]
        problems += _listed(bad, "sf_bad_weight", body.index, raw, form.weight_column, file, label, {})
    else:
        weight = np.ones(len(body))
    respondents["weight"] = weight
    dimensions = []
    for column, dimension in form.groups.items():
        respondents[dimension] = cells[column].fillna(NOT_STATED).astype(str).to_numpy()
        dimensions.append(dimension)
    surveys, survey_row, found = _surveys(form, cells, body.index, label, file)
    problems += found
    if survey_row is not None:
        respondents["survey_row"] = survey_row

    # Answers: each question's cells through its scale's codes.
    answers = {}
    for q in form.questions:
        scale = form.scale(q.scale)
        answers[q.code], found = _answers(cells[q.column], scale, q, body.index, file, label)
        problems += found
    questions = pd.DataFrame([_question_row(q, form) for q in form.questions], columns=QUESTION_COLUMNS)
    source, found = _source(form, file)
    problems += found
    return ParsedSurvey(format=FORMAT, source=source, bank=slug(form.bank) or source.dataset, level="respondent",
                        surveys=surveys, questions=questions, respondents=respondents.reset_index(drop=True),
                        answers=pd.DataFrame(answers, index=body.index).reset_index(drop=True),
                        dimensions=dimensions, problems=wb.warnings + problems, recipe=form.to_dict())


def _check_form(form: SurveyForm, position: dict[str, int], where: dict) -> list[Problem]:
    """Faults of the form itself: columns the file lacks, codes used twice or malformed, scales incomplete."""
    problems = []
    used = [q.column for q in form.questions] + list(form.groups)
    used += [c for c in (form.country_column, form.weight_column, form.timestamp_column, form.id_column) if c]
    for column in dict.fromkeys(used):
        if column not in position:
            problems.append(coded("sf_missing_column", {"column": column, "found": ", ".join(list(position)[:12])},
                                  **where, column=column))
    if not form.questions:
        problems.append(coded("sf_no_questions", {}, **where))
    first: dict[str, FormQuestion] = {}
    for q in form.questions:
        letter = column_letter(position[q.column]) if q.column in position else "?"
        if not CODE.match(q.code or ""):
            problems.append(coded("sf_bad_code", {"code": q.code or ""}, **where, column=q.column, value=q.code))
        elif q.code in first:
            other = first[q.code]
            problems.append(coded("sf_code_twice", {
                "code": q.code, "first": other.column,
                "first_letter": column_letter(position[other.column]) if other.column in position else "?",
                "letter": letter}, **where, column=q.column, value=q.code))
        else:
            first[q.code] = q
        if form.scale(q.scale) is None:
            problems.append(coded("sf_no_scale", {"scale": q.scale}, **where, column=q.column))
    dimensions = Counter(form.groups.values())
    for column, dimension in form.groups.items():
        if not CODE.match(dimension or ""):
            problems.append(coded("sf_bad_group", {"name": dimension or ""}, **where, column=column, value=dimension))
        elif dimensions[dimension] > 1:
            problems.append(coded("sf_group_twice", {"name": dimension}, **where, column=column, value=dimension))
    if not form.country_column and not (form.country or "").strip():
        problems.append(coded("sf_no_country", {}, file=where["file"]))
    if form.year is None or not 1900 <= int(form.year) <= 2100:
        problems.append(coded("sf_bad_year", {}, file=where["file"], value=form.year))
    for scale in form.scales:
        if any(q.scale == scale.key for q in form.questions):
            problems += _check_scale(scale, form, position, where)
    return problems


def _check_scale(scale: AnswerScale, form: SurveyForm, position: dict[str, int], where: dict) -> list[Problem]:
    """Every answer has a meaning, every answer on the scale a place, and the places follow the meanings."""
    problems = []
    columns = [q.column for q in form.questions if q.scale == scale.key]
    at = {**where, "column": columns[0] if columns else None}
    for a in scale.answers:
        if a.role is None:
            problems.append(coded("sf_unassigned", {"answer": a.text, "scale": scale.key}, **at, value=a.text))
        elif a.role not in ROLES:
            problems.append(coded("sf_bad_role", {"answer": a.text, "role": a.role}, **at, value=a.role))
        elif a.role != "dont_know" and a.position is None:
            problems.append(coded("sf_no_position", {"answer": a.text, "scale": scale.key}, **at, value=a.text))
    on = [a for a in scale.on_scale() if a.position is not None]
    if problems or not on:
        if not on and not problems:
            problems.append(coded("sf_empty_scale", {"scale": scale.key}, **at))
        return problems
    places = {role: [a.position for a in on if a.role == role] for role in ("unfavourable", "neutral", "favourable")}
    order = [p for role in ("unfavourable", "neutral", "favourable") for p in
             ([min(places[role]), max(places[role])] if places[role] else [])]
    if order != sorted(order) or any(
            a.position == b.position and a.role != b.role for a in on for b in on):
        problems.append(coded("sf_order", {"scale": scale.key, "order": "; ".join(
            f"{a.position}: {a.text} ({a.role})" for a in sorted(on, key=lambda a: a.position))}, **at))
    if len({a.position for a in on}) < 2:
        problems.append(coded("sf_one_place", {"scale": scale.key}, **at))
    return problems


def _listed(index: list[int] | np.ndarray, code: str, rows: pd.Index, cells: pd.Series, column: str, file: str,
            sheet: str | None, params: dict) -> list[Problem]:
    """One located problem per cell for the first MAX_LISTED cells, then one that counts the rest."""
    out = [coded(code, params, file=file, sheet=sheet, row=int(rows[i]), column=column,
                 value=None if _blank(cells.iloc[i]) else cells.iloc[i]) for i in index[:MAX_LISTED]]
    if len(index) > MAX_LISTED:
        out.append(coded("sf_more", {"n": len(index) - MAX_LISTED, "what": out[0].message}, file=file, sheet=sheet,
                         column=column))
    return out


def _surveys(form: SurveyForm, cells: dict[str, pd.Series], rows: pd.Index, sheet: str | None,
             file: str) -> tuple[pd.DataFrame, np.ndarray | None, list[Problem]]:
    """One survey per country named in the country column (or the form's one country), with fieldwork dates."""
    stamps = _dates(cells[form.timestamp_column].dropna()) if form.timestamp_column else pd.Series(dtype=object)
    problems = []
    if form.timestamp_column:
        unread = cells[form.timestamp_column].dropna().index[stamps.isna().to_numpy()]
        if len(unread):
            problems.append(coded("sf_bad_timestamps", {"n": len(unread)}, file=file, sheet=sheet,
                                  row=int(unread[0]), column=form.timestamp_column,
                                  value=cells[form.timestamp_column][unread[0]], severity="warning"))
    year = int(form.year) if form.year is not None else None
    if form.country_column:
        country = cells[form.country_column]
        blank = np.flatnonzero(country.isna().to_numpy())
        problems += _listed(blank, "sf_no_country_cell", rows, country, form.country_column, file, sheet, {})
        names = country.fillna("").str.strip()
        codes, uniques = pd.factorize(names)
    else:
        codes, uniques = np.zeros(len(rows), dtype=np.int64), pd.Index([str(form.country or "").strip()])
    frame, index = [], []
    for k, name in enumerate(uniques):  # a survey's index is its position among the names: survey_row
        if not name:
            continue
        members = rows[codes == k]
        days = stamps.reindex(members).dropna()
        index.append(k)
        frame.append({"country_name": name, "country_code": None, "year": year, "name": form.source.name or "Survey",
                      "fieldwork_start": min(days) if len(days) else None,
                      "fieldwork_end": max(days) if len(days) else None, "population": None, "response_rate": None,
                      "sheet": sheet, "row": int(members[0]), "column": form.country_column})
    surveys = pd.DataFrame(frame, columns=SURVEY_COLUMNS, index=index)
    return surveys, (codes if form.country_column else None), problems


def _answers(cells: pd.Series, scale: AnswerScale, q: FormQuestion, rows: pd.Index, file: str,
             sheet: str | None) -> tuple[pd.Series, list[Problem]]:
    """A question's answers as codes (NA for blank and "don't know"); answers not on its scale located."""
    codes = scale.codes()
    inverse, uniques = pd.factorize(cells.to_numpy(dtype=object), use_na_sentinel=False)
    decoded = np.full(len(uniques), np.nan)
    wrong = np.zeros(len(uniques), dtype=bool)
    for i, u in enumerate(uniques):
        if u is None or (isinstance(u, float) and np.isnan(u)):
            continue
        k = norm_label(u)
        if k not in codes:
            wrong[i] = True
        elif codes[k] is not None:
            decoded[i] = codes[k]
    bad = np.flatnonzero(wrong[inverse])
    listed = ", ".join(f"«{a.text}»" for a in scale.answers)
    problems = _listed(bad, "sf_off_scale", rows, cells, q.column, file, sheet, {"code": q.code, "answers": listed})
    return pd.Series(decoded[inverse], index=cells.index).astype("Int16"), problems


def _question_row(q: FormQuestion, form: SurveyForm) -> dict:
    scale = form.scale(q.scale)
    codes = [c for c in scale.codes().values() if c is not None]
    roles = scale.coded_roles()
    own = {form.language: q.text}  # the form's own text, in the language the form is written in
    text_en = q.text_en or own.get("en")
    text_ru = q.text_ru or own.get("ru")
    return {"question_code": q.code, "label_en": text_en or q.text, "label_ru": text_ru or q.text,
            "text_en": text_en, "text_ru": text_ru, "theme": q.theme, "theme_ru": q.theme_ru if q.theme else None,
            "scale_min": min(codes), "scale_max": max(codes),
            "favourable": roles["unfavourable" if q.reverse else "favourable"], "neutral": roles["neutral"],
            "reverse_coded": bool(q.reverse)}


def _source(form: SurveyForm, file: str) -> tuple[SourceMeta, list[Problem]]:
    s = form.source
    problems = [coded(f"sf_no_{name}", {}, file=file) for name in ("name", "publisher", "licence")
                if not str(getattr(s, name) or "").strip()]
    edition = (s.edition or "").strip() or (str(form.year) if form.year else "unknown")
    name = s.name.strip() or "Survey"
    publisher = s.publisher.strip()
    return SourceMeta(dataset=slug(s.dataset or name)[:60] or "survey", edition=edition, name=name,
                      publisher=publisher, licence=s.licence.strip(),
                      citation=s.citation.strip() or f"{publisher}. {name}, {edition}."), problems


def parse_form_file(path: Path, form: SurveyForm, *, wb: Workbook | None = None) -> ParsedSurvey:
    """The pure entry point: file in, parsed survey out (no store access; the guarded worker can run it)."""
    from etl.read.sheets import read_sheets

    return parse_form(wb or read_sheets(Path(path)), form)
