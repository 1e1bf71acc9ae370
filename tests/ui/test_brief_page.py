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
