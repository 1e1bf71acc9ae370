"""The brief page and the overview's downloads run through AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from store import Store
from tests.conftest import ROOT


def open_brief(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.session_state["lang"] = lang
    at.switch_page("pages/brief.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_brief_page_asks_for_a_country_first(demo_store: Store) -> None:
    at = open_brief("ru")
    assert at.title[0].value == "Справка по стране"
    assert any("Выберите страну" in i.value for i in at.info)


def test_one_click_builds_docx_and_pptx_with_download_buttons(demo_store: Store) -> None:
    at = open_brief()
    at.selectbox(key="rep_country").set_value("KAZ")
    at.run()
    assert at.selectbox(key="rep_group_KAZ").value == "CA"  # the country's region by default
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Word (DOCX)" in labels and "PowerPoint (PPTX)" in labels and "PDF" in labels
    assert "All charts (ZIP)" in labels  # the chart pack of the brief's charts
    assert at.session_state["rep_brief_files"]["charts"] >= 6
    assert at.session_state["rep_brief_files"]["files"]["docx"][:2] == b"PK"


def test_overview_offers_chart_and_table_downloads(demo_store: Store) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["PNG", "SVG", "PDF", "HTML", "CSV", "XLSX"]


def test_the_brief_of_a_compare_view_carries_its_country_group_year_and_indicator(demo_store: Store) -> None:
    import io

    from docx import Document

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.session_state["lang"] = "ru"
    at.switch_page("pages/compare.py")
    at.run()
    at.selectbox(key="cmp_ind").set_value("demo.time_to_hire")
    at.selectbox(key="cmp_focus").set_value("KGZ")
    at.selectbox(key="cmp_year").set_value(2022)
    at.selectbox(key="cmp_peer").set_value("SCAU")
    at.run()
    at.button(key="cmp_to_brief").click()
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Справка по стране"
    assert at.selectbox(key="rep_country").value == "KGZ"
    assert at.selectbox(key="rep_group_KGZ").value == "SCAU"  # the view's group, though KGZ is not in it
    assert at.selectbox(key="rep_year").value == 2022
    assert at.multiselect(key="rep_lead").value == ["demo.time_to_hire"]
    at.switch_page("pages/brief.py")  # AppTest runs the page it was last switched to; the session keeps the view
    at.pills(key="rep_formats").set_value(["docx"])
    at.run()
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    doc = Document(io.BytesIO(at.session_state["rep_brief_files"]["files"]["docx"]))
    text = [p.text for p in doc.paragraphs]
    assert doc.core_properties.title == "Кыргызстан: справка о реформе государственной службы"
    assert "Построено по виду: Кыргызстан, Южный Кавказ, 2022; показатели: Средний срок найма." in text
    assert any("Южный Кавказ" in p for p in text[:4])  # the subtitle names the view's peer group
    assert any("--peers SCAU --year 2022 --indicators demo.time_to_hire" in p for p in text)
    table = doc.tables[0]
    assert table.rows[1].cells[0].text.startswith("Средний срок найма")  # the view's indicator leads
    years = {int(r.cells[1].text) for r in table.rows[1:]}
    assert max(years) <= 2022  # data up to the view's year
