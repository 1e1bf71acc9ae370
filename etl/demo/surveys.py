"""Generated respondent-level surveys: demo data (marked DEMO), test fixtures and the benchmark's million rows."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from etl.model import SourceMeta
from etl.recipes.survey import NOT_STATED, QUESTION_COLUMNS, SURVEY_COLUMNS, ParsedSurvey
from etl.templates.surveys import GROUPS, HUB_QUESTIONS, THEMES_RU, respondent_template
from etl.validate.prepare import LoadReport
from store import Store

DEMO_SOURCE = SourceMeta(dataset="demo_staff_survey", edition="demo 2025", name="Hub staff survey (demo)",
                         publisher="Generated for demonstration", licence="Demonstration data: not real",
                         citation="Generated demonstration data; not real survey results.", is_demo=True)
DEMO_COUNTRIES = ["ARM", "AZE", "GEO", "KAZ", "KGZ", "UZB"]
DEMO_WAVES = (2023, 2025)


# The demo question bank in Kazakh (the Hub's questions as its Kazakh-speaking respondents would read them).
QUESTIONS_KK = {
    "ENG1": "Мемлекеттік қызметте жұмыс істейтінімді мақтан тұтамын",
    "ENG2": "Өз ұйымымды жұмыс істеуге тамаша орын ретінде ұсынар едім",
    "ENG3": "Жұмысыма қанағаттанамын",
    "MER1": "Менің ұйымымда жұмысқа қабылдау еңбегі мен біліктілігіне негізделген",
    "MER2": "Қызмет бойынша жоғарылау үшін кәсіби дағдылардан гөрі жеке байланыстар маңыздырақ",
    "PER1": "Жұмысым туралы тұрақты түрде кері байланыс аламын",
    "PER2": "Жұмысым әділ бағаланады",
    "INT1": "Әдепсіз мінез-құлық туралы қауіптенбей хабарлай аламын",
    "INT2": "Менің ұйымымда «мәселені шешу үшін» сыйлық беру кең таралған",
    "TRN1": "Маған қажетті оқуға қолжетімділігім бар",
    "TRN2": "Өткен оқуым жұмысымды жақсартуға көмектесті",
}
THEMES_KK = {"Engagement": "Жұмысқа тартылу", "Merit": "Меритократия",
             "Performance management": "Нәтижелілікті басқару", "Integrity": "Адалдық", "Training": "Оқыту"}


def question_frame(questions: list[tuple[str, str, str, str, bool]] = HUB_QUESTIONS) -> pd.DataFrame:
    rows = [{"question_code": c, "label_en": en, "label_ru": ru, "text_en": en, "text_ru": ru, "theme": th,
             "theme_ru": THEMES_RU.get(th), "scale_min": 1, "scale_max": 5,
             "favourable": [1, 2] if rev else [4, 5], "neutral": [3], "reverse_coded": rev}
            for c, en, ru, th, rev in questions]
    frame = pd.DataFrame(rows, columns=QUESTION_COLUMNS)
    kazakh = frame["question_code"].map(QUESTIONS_KK)
    return frame.assign(label_kk=kazakh, text_kk=kazakh, theme_kk=frame["theme"].map(THEMES_KK))


def generic_questions(count: int) -> list[tuple[str, str, str, str, bool]]:
    """`count` questions Q01.. in eight themes, every fifth one reverse-coded (for the benchmark)."""
    return [(f"Q{i:02d}", f"Generated question {i}", f"Сгенерированный вопрос {i}", f"Theme {i % 8 + 1}",
             i % 5 == 0) for i in range(1, count + 1)]


def respondents(rng: np.random.Generator, n: int, questions: pd.DataFrame, level: float, organisations: int = 12,
                small_group: bool = True, missing: float = 0.04) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`n` respondents of one survey: weights, groups (one deliberately tiny grade) and 1-5 answers (some missing)."""
    grades = np.array(["Junior", "Mid-level", "Senior", "Senior executive"])
    grade_p = [0.45, 0.38, 0.17 - (3 / n if small_group else 0), 3 / n if small_group else 0]
    people = pd.DataFrame({
        "respondent_id": np.char.add("R", np.arange(1, n + 1).astype(str)),
        "weight": np.round(rng.lognormal(0, 0.35, n), 4),
        "gender": rng.choice(np.array(["Female", "Male", NOT_STATED]), n, p=[0.55, 0.43, 0.02]),
        "age_band": rng.choice(np.array(["under 30", "30-44", "45-59", "60+"]), n, p=[0.2, 0.4, 0.32, 0.08]),
        "grade": rng.choice(grades, n, p=grade_p),
        "organisation": np.char.add("Organisation ", (rng.zipf(1.6, n) % organisations + 1).astype(str)),
        "tenure": rng.choice(np.array(["<2 years", "2-10 years", ">10 years"]), n, p=[0.2, 0.45, 0.35]),
    })
    person = rng.normal(0, 0.8, n) + 0.25 * (people["grade"] != "Junior").to_numpy()
    answers = {}
    for i, q in enumerate(questions.itertuples()):
        latent = level + person + rng.normal(0, 0.9, n) + 0.3 * np.sin(i)
        code = np.digitize(latent, [-1.3, -0.4, 0.3, 1.3]) + 1
        if q.reverse_coded:
            code = 6 - code
        answer = pd.array(code, dtype="Int16")
        answer[rng.random(n) < missing] = pd.NA  # don't know or no answer
        answers[q.question_code] = answer
    return people, pd.DataFrame(answers)


def generate(countries: list[str] = DEMO_COUNTRIES, waves: tuple[int, ...] = DEMO_WAVES, n: int | list[int] = 400,
             questions: pd.DataFrame | None = None, seed: int = 2013, source: SourceMeta = DEMO_SOURCE,
             organisations: int = 12, small_group: bool = True, missing: float = 0.04) -> list[ParsedSurvey]:
    """One ParsedSurvey per country and wave, deterministic for a seed."""
    questions = question_frame() if questions is None else questions
    rng = np.random.default_rng(seed)
    out = []
    sizes = n if isinstance(n, list) else [n] * len(countries)
    for iso3, size in zip(countries, sizes, strict=True):
        base = rng.normal(0.2, 0.5)
        for j, year in enumerate(waves):
            people, answers = respondents(rng, size, questions, base + 0.15 * j, organisations, small_group,
                                          missing)
            survey = pd.DataFrame([{"country_name": iso3, "country_code": iso3, "year": year,
                                    "name": source.name, "population": size * 3, "response_rate": 0.33,
                                    "sheet": "Survey", "row": 1}]).reindex(columns=SURVEY_COLUMNS)
            out.append(ParsedSurvey(
                format="survey_respondent", source=source, bank="hub" if source is DEMO_SOURCE else source.dataset,
                level="respondent", surveys=survey, questions=questions, respondents=people.assign(row=0),
                answers=answers, dimensions=list(GROUPS),
            ))
    return out


def workbook(parsed: ParsedSurvey, fields: dict[str, object] | None = None) -> bytes:
    """A generated survey written as a filled-in respondent template (answers as codes, 8 = don't know)."""
    s = parsed.surveys.iloc[0]
    src = parsed.source
    fields = {"dataset": src.dataset, "survey_name": src.name, "publisher": src.publisher, "licence": src.licence,
              "edition": src.edition, "citation": src.citation, "question_bank": parsed.bank,
              "demo": "yes" if src.is_demo else "no", "country": s["country_code"], "year": int(s["year"]),
              "fieldwork_start": f"{int(s['year'])}-03-01", "fieldwork_end": f"{int(s['year'])}-04-15",
              "population": s["population"], "response_rate": s["response_rate"], **(fields or {})}
    frame = parsed.respondents.drop(columns="row").copy()
    for code in parsed.answers.columns:
        frame[code] = parsed.answers[code].astype("Float64").fillna(8).astype(int)
    questions = [(q.question_code, q.text_en, q.text_ru, q.theme, bool(q.reverse_coded))
                 for q in parsed.questions.itertuples()]
    return respondent_template(fields, questions, parsed.dimensions, frame)


def write_demo_files(folder: Path, **kwargs) -> list[Path]:
    """The demo surveys as respondent-template workbooks in `folder` (for `python -m etl load`)."""
    paths = []
    for parsed in generate(**kwargs):
        s = parsed.surveys.iloc[0]
        path = Path(folder) / f"demo-staff-survey-{s['country_code']}-{int(s['year'])}.xlsx"
        path.write_bytes(workbook(parsed))
        paths.append(path)
    return paths


def store_generated(store: Store, generated: list[ParsedSurvey], name: str = "generated") -> list[int]:
    """Write generated surveys straight into the store (no workbook), one batch each, in one transaction."""
    with store.writer() as con:
        return write_generated(con, generated, name, user="generated")


def write_generated(con, generated: list[ParsedSurvey], name: str, user: str) -> list[int]:
    """Generated surveys as batches inside the caller's transaction; returns their batch ids."""
    from etl.validate.survey import prepare_survey
    from etl.write.survey import write_survey_batch

    ids = []
    for i, parsed in enumerate(generated):
        file_name = f"{name}-{i}"
        prepared = prepare_survey(parsed, file_name)
        digest = hashlib.sha256(pd.util.hash_pandas_object(parsed.answers).values.tobytes()
                                + file_name.encode()).hexdigest()
        ids.append(write_survey_batch(con, prepared, file_name=file_name, sha256=digest, user=user)["batch_id"])
    return ids


def load_demo_surveys(store: Store, **kwargs) -> list[LoadReport]:
    """Load the demo surveys through the same path as an upload (one batch per file)."""
    from etl.load import load_survey_file

    with tempfile.TemporaryDirectory() as tmp:
        return [load_survey_file(p, store=store, user="demo") for p in write_demo_files(Path(tmp), **kwargs)]
