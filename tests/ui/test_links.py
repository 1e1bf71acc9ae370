"""Links that travel: every page's state in the address as codes, the same view in English and Russian."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from store import Store
from tests.conftest import ROOT


def run(page: str, lang: str | None = None, params: dict[str, str] | None = None, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    if lang:
        at.session_state["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def address(at: AppTest) -> dict[str, str]:
    return {k: v for k, v in at.query_params.items()}


COMPARE = {"cmp_ind": "demo.time_to_hire", "cmp_year": 2020, "cmp_lag": 1, "cmp_focus": "GEO", "cmp_peer": "SCAU",
           "cmp_countries": ["ARM", "AZE", "GEO", "KAZ"], "cmp_hub_set": "all", "_cmp_tab_code": "series"}


def view(at: AppTest) -> dict[str, object]:
    keys = ["cmp_ind", "cmp_year", "cmp_lag", "cmp_focus", "cmp_peer", "cmp_countries", "cmp_hub_set"]
    return {k: at.session_state[k] for k in keys} | {"tab": at.query_params.get("tab")}


def test_a_russian_link_opens_the_same_view_in_english_and_back(demo_store: Store) -> None:
    made = run("compare", "ru", **COMPARE)
    link = address(made)
    # Codes only: nothing in the address depends on the interface language but the language itself.
    assert {k: v for k, v in link.items() if k != "years"} == {
        "lang": "ru", "ind": "demo.time_to_hire", "year": "2020", "lag": "1", "avg": "all", "peer": "SCAU",
        "focus": "GEO", "countries": "ARM,AZE,GEO,KAZ", "tab": "series"}
    assert re.fullmatch(r"\d{4}-\d{4}", link["years"])  # the series' years, as years
    assert any(h.value == "Сравнение стран" for h in made.title)
    english = run("compare", params={**link, "lang": "en"})
    assert english.title[0].value == "Compare countries"
    assert view(english) == view(made)
    assert address(english) == {**link, "lang": "en"}
    back = run("compare", params=address(english) | {"lang": "ru"})
    assert view(back) == view(made) and back.title[0].value == "Сравнение стран"
    # The same view in the other language draws the same numbers.
    fig_en = [c.proto.spec for c in english.get("plotly_chart")][0]
    fig_ru = [c.proto.spec for c in back.get("plotly_chart")][0]
    assert '"y"' in fig_en and fig_en.count('"x"') == fig_ru.count('"x"')


def test_switching_language_keeps_the_address(demo_store: Store) -> None:
    at = run("compare", "en", **COMPARE)
    before = address(at)
    at.session_state["lang"] = "ru"  # what the sidebar's language radio does (the router is not run here)
    at.run()
    assert not at.exception
    assert address(at) == {**before, "lang": "ru"}
    assert at.title[0].value == "Сравнение стран" and at.query_params["tab"] == "series"  # the open tab stays


@pytest.mark.parametrize(("page", "params", "expected"), [
    ("profile", {"focus": "ARM", "base": "2018", "avg": "all", "peer": "CIS", "theme": "egov"},
     {"cmp_focus": "ARM", "prof_base": 2018, "cmp_hub_set": "all", "cmp_peer": "CIS", "prof_theme": "egov"}),
    ("catalogue", {"ind": "demo.time_to_hire", "cov_group": "SCAU"}, {"cat_ind": "demo.time_to_hire",
                                                                      "cat_group": "SCAU"}),
    ("brief", {"country": "UZB", "peers": "CIS", "year": "2021", "ind": "demo.time_to_hire,demo.engagement_score"},
     {"rep_country": "UZB", "rep_group_UZB": "CIS", "rep_year": 2021,
      "rep_lead": ["demo.time_to_hire", "demo.engagement_score"]}),
])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_reads_its_view_from_codes(demo_store: Store, page: str, params: dict, expected: dict,
                                              lang: str) -> None:
    at = run(page, params={**params, "lang": lang})
    for key, value in expected.items():
        assert at.session_state[key] == value, key
    assert address(at)["lang"] == lang
    for key, value in params.items():
        assert address(at)[key] == value


def test_a_bad_code_in_a_link_falls_back_to_the_default(demo_store: Store) -> None:
    at = run("compare", params={"ind": "no.such.indicator", "year": "1066", "countries": "KAZ,XXX,GEO"})
    assert at.session_state["cmp_ind"] != "no.such.indicator"
    assert at.session_state["cmp_countries"] == ["KAZ", "GEO"]
    assert address(at)["ind"] == at.session_state["cmp_ind"]


XLSX_SCRIPT = """
import pandas as pd
import streamlit as st
from reports import tables
from ui import compare_widgets as w
from ui import links
links.selectbox("Indicator", ["wgi.ge", "cpi.score"], key="cmp_ind", param="ind", default="cpi.score")
links.multiselect("Countries", ["KAZ", "KGZ", "UZB"], key="cmp_countries", param="countries", default=["KAZ", "UZB"])
meta = w.export_meta("t", "s", pd.DataFrame(columns=["name", "edition", "licence", "citation", "url", "is_demo"]),
                     "ru", "x", page="compare")
st.session_state["xlsx"] = tables.to_xlsx(pd.DataFrame({"a": [1]}), meta)
"""


def test_the_xlsx_view_link_carries_the_codes(tmp_path) -> None:
    import io
    from urllib.parse import parse_qs, urlsplit

    from openpyxl import load_workbook

    script = tmp_path / "page.py"
    script.write_text(XLSX_SCRIPT, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60)
    at.query_params["ind"] = "wgi.ge"
    at.query_params["lang"] = "ru"
    at.run()
    assert not at.exception, at.exception
    book = load_workbook(io.BytesIO(at.session_state["xlsx"]))
    cells = [c.value for row in book.worksheets[1].iter_rows() for c in row]
    link = [c for c in cells if isinstance(c, str) and c.startswith("http")][0]
    parts = urlsplit(link)
    assert parts.path == "/compare"
    assert parse_qs(parts.query) == {"ind": ["wgi.ge"], "countries": ["KAZ,UZB"], "lang": ["ru"]}
