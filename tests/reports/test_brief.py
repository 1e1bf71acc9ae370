"""The country brief opened with python-docx, python-pptx and pypdf: headings, store's numbers, sources, alt text."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from analytics import brief as q
from core.i18n import number
from etl.catalogue import source_text
from reports import brief
from store import Store
from tests.conftest import ROOT
from tests.e2e.conftest import ARTIFACTS


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, starter_template: Path) -> Store:
    """The default store: the starter pack of published files (WGI, UN E-Government Survey, CPI, GSPS, UK People
    Survey), no demo data."""
    store = Store(tmp_path_factory.mktemp("brief") / "store")
    shutil.copytree(starter_template, store.dir)
    return store


@pytest.fixture(scope="module")
def kaz_ru(store: Store) -> brief.Brief:
    with store.reader() as con:
        return brief.build(con, "KAZ", "ru", "CA")


def store_value(store: Store, code: str, iso3: str, year: int) -> float:
    with store.reader() as con:
        return con.execute("""SELECT o.value FROM observation o JOIN source s USING (source_id)
                              WHERE s.is_current AND indicator_code = ? AND iso3 = ? AND year = ?""",
                           [code, iso3, year]).fetchone()[0]


def test_docx_has_real_headings_store_numbers_alt_text_and_sources(store: Store, kaz_ru: brief.Brief) -> None:
    doc = Document(io.BytesIO(brief.to_docx(kaz_ru)))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Казахстан: справка о реформе государственной службы")
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert level1 == ["Ключевые выводы", "Основные показатели", "Диаграммы", "Итоги опроса", "Источники и примечания"]
    # the headline table, cell by cell against the store
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Показатель", "Год", "Значение"]
    assert len(table.rows) - 1 == len(kaz_ru.table) >= 6
    for row, cells in zip(kaz_ru.table.itertuples(), table.rows[1:], strict=True):
        value = store_value(store, row.indicator_code, "KAZ", row.year)
        assert cells.cells[1].text == str(row.year)
        assert cells.cells[2].text.rstrip("%") == number(value, row.decimals, "ru")
        assert source_text(row.source, "ru") in cells.cells[6].text  # the dataset named in Russian
    table_text = " ".join(c.text for r in table.rows for c in r.cells)
    assert "per year" not in table_text and "score (" not in table_text  # units in Russian too
    # charts: 6-10 pictures, each with alt text
    pictures = doc.inline_shapes
    assert 6 <= len(pictures) <= 10
    for shape in pictures:
        alt = shape._inline.docPr.get("descr")
        assert alt and len(alt) > 30 and any("а" <= ch <= "я" for ch in alt)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "ДЕМО" not in text and "DEMO" not in text  # the default store holds published data only
    assert "UN E-Government Survey" in text or "E-Government" in text
    assert "Лицензия:" in text and "Источник:" in text
    messages = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert messages[:len(kaz_ru.messages)] == kaz_ru.messages
    assert any("больше погрешности" in m for m in messages) and any("в пределах погрешности" in m for m in messages)
    # Document properties: title, author = the Hub, language; the data release it was built from.
    props = doc.core_properties
    assert props.title == kaz_ru.title and props.author == "Астанинский хаб государственной службы"
    assert props.language == "ru" and props.comments.startswith("Построено по версии хранилища v0")
    # the release lines name each source in the reader's language (the World Bank's Russian name of the WGI)
    release = [p.text for p in doc.paragraphs
               if p.text.startswith("Построено по версии") or "(пакет загрузки" in p.text]
    assert any("python -m reports brief KAZ --lang ru --peers CA" in line for line in release)
    assert any("качества государственного управления, выпуск 2024 update (пакет загрузки" in line for line in release)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_key_messages_use_the_significance_rule(store: Store, kaz_ru: brief.Brief, lang: str) -> None:
    """No message calls a change or a gap real unless the rule does: every indicator a message says improved,
    worsened, is ahead or behind "beyond the margin of error" has that verdict, and those within it are said to be
    so. Checked in both languages, against the rule applied here to the published numbers."""
    from analytics import significance as sig

    if lang == "ru":
        made = kaz_ru
    else:
        with store.reader() as con:
            made = brief.build(con, "KAZ", "en", "CA", render=False)
    beyond = {"en": "beyond the margin of error", "ru": "больше погрешности"}[lang]
    improved = {"en": " improved from ", "ru": ": улучшение с "}[lang]
    worsened = {"en": " worsened from ", "ru": ": ухудшение с "}[lang]
    rows = made.compared
    assert not rows.empty
    for r in rows.itertuples():
        label = brief._indicator_label(r, lang)  # noqa: SLF001 - the label the messages print
        said = [m for m in made.messages if m.startswith(label)]
        for message in said:
            if improved in message:
                assert r.change_sig == "improved" and beyond in message, message
            if worsened in message:
                assert r.change_sig == "worsened" and beyond in message, message
        # the verdict itself, from the published numbers
        if pd.notna(r.change):
            with store.reader() as con:
                base, last = (con.execute(
                    "SELECT value, std_error, lower, upper FROM observation o JOIN source s USING (source_id) "
                    "WHERE s.is_current AND indicator_code = ? AND iso3 = 'KAZ' AND year = ?",
                    [r.indicator_code, y]).fetchone() for y in (r.base_year, r.year))
            assert sig.change(sig.Estimate.of(*base), sig.Estimate.of(*last), r.higher_is_better).code == r.change_sig
    gains = [m for m in made.messages if improved in m]
    real = rows[rows["change_sig"] == "improved"]
    assert len(gains) == min(2, len(real))
    if (rows["change_sig"] == "no_clear_change").any():  # changes inside the margin are said to be so
        steady = {"en": "No clear change within the margin of error", "ru": "Нет явных изменений"}[lang]
        assert any(m.startswith(steady) for m in made.messages)
    wgi_within = rows[rows["indicator_code"].str.startswith("wgi.") & (rows["change_sig"] == "no_clear_change")]
    assert len(wgi_within), "WGI's standard errors of 0.2-0.26 keep some changes within the margin"


def test_key_messages_follow_the_numbers(kaz_ru: brief.Brief) -> None:
    with_gap = kaz_ru.table.dropna(subset=["gap_sd"])
    assert not with_gap.empty
    for row in with_gap.itertuples():  # gap sign agrees with value vs peer average and the indicator's direction
        better = row.value > row.peer_average if row.higher_is_better else row.value < row.peer_average
        assert (row.gap_sd > 0) == better or row.value == row.peer_average
        assert 1 <= row.rank <= row.ranked


def test_pptx_has_title_table_charts_with_alt_text(kaz_ru: brief.Brief) -> None:
    prs = Presentation(io.BytesIO(brief.to_pptx(kaz_ru)))
    slides = list(prs.slides)
    assert slides[0].shapes.title.text == kaz_ru.title
    pictures = [s for slide in slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == len(kaz_ru.charts)
    assert all(p._element.nvPicPr.cNvPr.get("descr") for p in pictures)
    tables = [s for slide in slides for s in slide.shapes if s.has_table]
    assert tables and tables[0].table.cell(0, 0).text == "Показатель"
    text = " ".join(sh.text_frame.text for slide in slides for sh in slide.shapes if sh.has_text_frame)
    assert "ДЕМО" not in text and "Источники и примечания" in text


def test_pdf_says_the_same_and_pages_render(kaz_ru: brief.Brief) -> None:
    pdf = brief.to_pdf(kaz_ru)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4
    # A tagged PDF (structure tree for screen readers), in Russian, with its title.
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "ru-RU"
    assert reader.metadata.title == kaz_ru.title and reader.metadata.author == "Астанинский хаб государственной службы"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ключевые выводы" in text and "Основные показатели" in text and "ДЕМО" not in text
    first = kaz_ru.table.iloc[0]
    assert number(first["value"], int(first["decimals"]), "ru") in text
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("brief-KAZ-ru-page-*.png"):
        old.unlink()
    (ARTIFACTS / "brief-KAZ-ru.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(ARTIFACTS / "brief-KAZ-ru.pdf"),
                    str(ARTIFACTS / "brief-KAZ-ru-page")], check=True, timeout=120)
    pages = sorted(ARTIFACTS.glob("brief-KAZ-ru-page-*.png"))
    assert len(pages) == len(reader.pages)
    for png in pages:  # every page has something printed on it (a blank page would be all white)
        grey = Image.open(png).convert("L")
        assert grey.getextrema()[0] < 100, png


def test_english_brief_against_the_hub_uses_english_and_real_edition(store: Store) -> None:
    with store.reader() as con:
        made = brief.build(con, "KAZ", "en", "HUB", max_charts=6)
    assert made.title == "Kazakhstan: civil-service reform brief"
    assert len(made.charts) == 6  # as many as asked for, when the data allow
    egdi = made.table[made.table["indicator_code"].str.startswith("egdi.")]
    assert not egdi.empty, "the real EGDI figures belong among the headline indicators"
    row = egdi.iloc[0]
    assert row["value"] == store_value(store, row["indicator_code"], "KAZ", int(row["year"]))
    assert row["edition"] == "2022" and not row["is_demo"]
    doc = Document(io.BytesIO(brief.to_docx(made)))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0] == "Key messages"


def test_real_wgi_estimates_keep_their_sign_and_the_store_value(store: Store, kaz_ru: brief.Brief) -> None:
    wgi = kaz_ru.table[kaz_ru.table["indicator_code"].str.startswith("wgi.")]
    assert not wgi.empty
    shown = kaz_ru.table_display()
    for i, row in wgi.iterrows():
        value = store_value(store, row["indicator_code"], "KAZ", int(row["year"]))
        assert row["value"] == value and row["edition"] == "2024 update"
        assert shown.iloc[i]["Значение"] == number(value, int(row["decimals"]), "ru")  # "−0,27" style, sign kept
        assert not row["indicator_code"].endswith(".pctrank")  # whole-world ranks are not peer comparisons


def test_survey_highlights_appear_when_the_survey_view_exists(store: Store, tmp_path) -> None:
    with store.writer() as con:
        con.execute("""CREATE TABLE test_survey AS SELECT * FROM (VALUES
            ('GSPS', 'KAZ', 2024, 'q1', 'Я горжусь своей работой', NULL, 812, 81.5, 78.0, 85.0, FALSE),
            ('GSPS', 'KAZ', 2024, 'q2', 'Моя нагрузка посильна', NULL, 812, 42.0, 38.0, 46.0, FALSE),
            ('GSPS', 'KAZ', 2024, 'q2', 'Моя нагрузка посильна', 'women', 7, 12.0, NULL, NULL, TRUE),
            ('GSPS', 'UZB', 2024, 'q1', 'Я горжусь своей работой', NULL, 500, 70.0, 66.0, 74.0, FALSE)
        ) AS t(survey, iso3, year, question_code, question_text, group_name, n, value, lower, upper, is_suppressed)""")
        con.execute("CREATE OR REPLACE VIEW v_survey_results AS SELECT * FROM test_survey")
    try:
        with store.reader() as con:
            made = brief.build(con, "KAZ", "ru", "CA", max_charts=6)
        assert list(made.survey["question_code"]) == ["q1", "q2"]
        assert made.survey.loc[0, "hub_average"] == pytest.approx((81.5 + 70.0) / 2)
        doc = Document(io.BytesIO(brief.to_docx(made)))
        survey_table = doc.tables[-1]
        assert survey_table.rows[1].cells[0].text == "Я горжусь своей работой"
        assert survey_table.rows[1].cells[1].text == "81,5"
        assert all("12,0" not in c.text for r in survey_table.rows for c in r.cells)  # suppressed stays out
    finally:
        with store.writer() as con:
            con.execute("DROP VIEW v_survey_results")
            con.execute("DROP TABLE test_survey")
        with store.writer():
            pass  # a writer applies the schema first: the real v_survey_results is back for the next tests


def test_survey_highlights_of_a_real_survey_equal_the_survey_view(store: Store) -> None:
    # the starter pack holds the GSPS national results
    with store.reader() as con:
        assert q.has_survey_results(con)
        made = brief.build(con, "ARM", "en", "HUB", max_charts=6)
        assert not made.survey.empty
        for row in made.survey.itertuples():
            (value,) = con.execute(
                "SELECT value FROM v_survey_results WHERE iso3 = 'ARM' AND year = ? AND question_code = ? "
                "AND NOT is_suppressed", [int(row.year), row.question_code]).fetchone()
            assert row.value == value
    doc = Document(io.BytesIO(brief.to_docx(made)))
    assert any(f"{made.survey.iloc[0]['question_text']}" in c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_cli_writes_the_brief(store: Store, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "kaz.docx"
    env = {"HUB_DATA_DIR": str(store.dir), "PYTHONPATH": str(ROOT)}
    import os
    done = subprocess.run([sys.executable, "-m", "reports", "brief", "KAZ", "--lang", "ru", "--charts", "6",
                           "--out", str(out)], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Записан файл" in done.stdout
    doc = Document(str(out))
    assert doc.paragraphs[1].text.startswith("Казахстан")
    bad = subprocess.run([sys.executable, "-m", "reports", "brief", "ZZZ"], cwd=ROOT, env={**os.environ, **env},
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "no indicator data" in bad.stderr


def test_cli_writes_the_brief_in_kazakh(store: Store, tmp_path) -> None:
    """`python -m reports brief KAZ --lang kk`: a DOCX in Kazakh: headings, country and group names, units, ranks."""
    import os
    import re

    out = tmp_path / "kaz-kk.docx"
    env = {**os.environ, "HUB_DATA_DIR": str(store.dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "reports", "brief", "KAZ", "--lang", "kk", "--charts", "6",
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "файлы жазылды" in done.stdout
    doc = Document(str(out))
    assert doc.core_properties.language == "kk"
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Қазақстан: мемлекеттік қызмет реформасы бойынша анықтама")
    assert [t for s, t in headings if s == "Heading 1"] == [
        "Негізгі тұжырымдар", "Негізгі көрсеткіштер", "Диаграммалар", "Сауалнама қорытындылары",
        "Дереккөздер және ескертпелер"]
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "«Орталық Азия» тобымен салыстыру" in text  # the peer group's Kazakh name
    assert "Мемлекеттік басқарудың тиімділігі" in "\n".join(cells)  # WGI, as the glossary says it
    from etl.catalogue import indicators

    units = {m.unit_kk for m in indicators().values() if m.unit_kk != "%"}
    assert any(c.endswith((f"({u})", f", {u}")) for c in cells for u in units)  # units in Kazakh, never nested
    assert not any("балл (балл" in c for c in cells)
    assert re.search(r"\d+ ішінен \d+-(ші|шы) орын", text)  # ranks by Kazakh grammar
    assert [c for c in cells if re.fullmatch(r"-\d.*", c)] == []  # the minus sign is U+2212
    english = ("Key messages", "Headline indicators", "Compared with", "Biggest gain", "Government Effectiveness",
               "Kazakhstan", "Central Asia", "score (0-100)")
    assert not [w for w in english if w in text or any(w in c for c in cells)]
