"""Pages on the default store (published data), on a demo store (DEMO everywhere), with breakdowns and editions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import brief as q
from etl.validate.prepare import prepare
from etl.write.commit import commit
from reports import brief
from store import Store
from tests.conftest import ROOT
from tests.fixtures.breakdowns import CODE, parsed, value

PAGES = ["overview", "compare", "profile", "catalogue", "survey", "brief"]
HUB_SAMPLE = ["ARM", "AZE", "GEO", "KAZ", "KGZ", "UZB"]


def open_page(page: str, lang: str = "en", **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = lang
    for key, value_ in state.items():
        at.session_state[key] = value_
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def bars(at: AppTest) -> dict[str, float]:
    fig = [f for f in figures(at) if any(tr["type"] == "bar" for tr in f["data"])][0]
    (bar,) = [tr for tr in fig["data"] if tr["type"] == "bar"]
    xs = bar["x"] if isinstance(bar["x"], list) else _decode(bar["x"])
    return dict(zip(bar["y"], xs, strict=True))


def _decode(x: dict) -> list:
    import base64

    import numpy as np
    return np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"])).tolist()


def load(store: Store, made, folder: Path, name: str) -> None:
    path = folder / name
    made.observations.to_csv(path, index=False)
    commit(prepare(made, path.name), path=path, user="test", store=store)


# -- the default store: published data on every page --------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_page_of_the_default_store_shows_published_data_and_no_demo(starter_store: Store, page: str) -> None:
    at = open_page(page)
    assert not any("DEMO" in w.value for w in at.warning)
    text = " ".join(x.value for x in [*at.caption, *at.markdown, *at.info, *at.subheader])
    assert "DEMO" not in text


def test_overview_headline_cards_come_from_the_starter_pack(starter_store: Store) -> None:
    at = open_page("overview")
    assert len(at.metric) >= 3
    sources = " ".join(c.value.replace("\\", "") for c in at.caption)
    for name in ("Worldwide Governance Indicators", "Corruption Perceptions Index", "UN E-Government Survey"):
        assert name in sources


def test_the_survey_page_opens_on_published_survey_results(starter_store: Store) -> None:
    at = open_page("survey")
    options = at.selectbox(key="sv_programme").options
    assert any("Global Survey of Public Servants" in o for o in options)
    assert any("UK Civil Service People Survey" in o for o in options)
    at = open_page("survey", sv_programme="gsps:2023", sv_unit="job_satisfaction")
    table = next(t.value for t in at.table if "Value" in t.value.columns)  # not a chart's table view
    assert table.loc["Armenia", "Value"] == "0.7089" and table.loc["Armenia", "Figure"] == "published"


def test_the_brief_for_kazakhstan_cites_only_published_sources(starter_store: Store) -> None:
    with starter_store.reader() as con:
        made = brief.build(con, "KAZ", "en", "CA", max_charts=6, render=False)
        published = {r[0] for r in con.execute("SELECT name FROM source WHERE NOT is_demo").fetchall()}
        assert con.execute("SELECT count(*) FROM source WHERE is_demo").fetchone()[0] == 0
        observations = q.observations(con, ["KAZ"])
    assert not made.table.empty and not made.table["is_demo"].any()
    assert set(made.table["source"]) <= published
    assert set(observations["source"]) <= published and not observations["is_demo"].any()
    text = "\n".join(p.text for p in __import__("docx").Document(
        __import__("io").BytesIO(brief.to_docx(made))).paragraphs)
    assert "DEMO" not in text
    for name in set(made.table["source"]):
        assert name in text


# -- a demo store: DEMO on every page -----------------------------------------------------------------------------


# (the banner at the top of every page is drawn by dashboard.py, which AppTest does not keep beside a
# switched page: tests/e2e/test_demo_browser.py checks it on every page in Chromium; test_overview here)


def test_demo_survey_charts_carry_the_demo_mark(demo_store: Store) -> None:
    at = open_page("survey", sv_unit="ENG1")
    assert all("DEMO" in o for o in at.selectbox(key="sv_programme").options)
    assert figures(at)
    for fig in figures(at):
        assert any("DEMO" in a.get("text", "") for a in fig["layout"].get("annotations", [])), fig["layout"]


# -- breakdowns: a picker, the total by default -------------------------------------------------------------------


@pytest.fixture
def with_breakdowns(starter_store: Store, tmp_path: Path) -> Store:
    load(starter_store, parsed(HUB_SAMPLE, [2021, 2022]), tmp_path, "earnings.csv")
    return starter_store


def test_compare_offers_the_breakdowns_with_the_total_first(with_breakdowns: Store) -> None:
    at = open_page("compare", cmp_ind=CODE, cmp_year=2022, cmp_lag=0, cmp_countries=HUB_SAMPLE)
    picker = at.selectbox(key="cmp_bd")
    assert picker.options == ["Total (all)", "Sex: Women", "Sex: Men"] and picker.value == ""
    names = {"ARM": "Armenia", "AZE": "Azerbaijan", "GEO": "Georgia", "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan",
             "UZB": "Uzbekistan"}
    assert bars(at) == {names[c]: value(c, 2022, "") for c in HUB_SAMPLE}
    picker.set_value("sex=F")
    at.run()
    assert not at.exception, at.exception
    assert bars(at) == {names[c]: value(c, 2022, "sex=F") for c in HUB_SAMPLE}
    fig = [f for f in figures(at) if any(tr["type"] == "bar" for tr in f["data"])][0]
    hub_line = fig["layout"]["shapes"][0]["x0"]
    assert hub_line == pytest.approx(sum(value(c, 2022, "sex=F") for c in HUB_SAMPLE) / len(HUB_SAMPLE))
    assert any("Sex: Women, 2022" in h.value.replace("\\", "") for h in at.subheader)  # as Markdown shows it
    # an indicator without breakdowns shows no picker
    at = open_page("compare", cmp_ind="wgi.ge")
    assert "cmp_bd" not in [s.key for s in at.selectbox]


def test_profile_offers_the_country_s_breakdowns(with_breakdowns: Store) -> None:
    at = open_page("profile", cmp_focus="KAZ")
    total = at.dataframe[0].value
    assert len(total) > 10 and "Average hourly earnings" in total["Indicator"].tolist()
    at.selectbox(key="prof_bd").set_value("sex=M")
    at.run()
    assert not at.exception, at.exception
    men = at.dataframe[0].value
    assert men["Indicator"].tolist() == ["Average hourly earnings"]
    assert men.iloc[0]["Value"].replace(",", "") == f"{value('KAZ', 2022, 'sex=M'):.0f}"
    assert any("Sex: Men" in i.value.replace("\\", "") for i in at.info)


# -- editions: the current one unless another is picked -----------------------------------------------------------


def test_an_earlier_edition_can_be_picked_and_the_pages_say_so(with_breakdowns: Store, tmp_path: Path) -> None:
    load(with_breakdowns, parsed(HUB_SAMPLE, [2021, 2022], edition="2023", shift=100), tmp_path, "earnings-2023.csv")
    # (the sidebar's picker and the notice at the top are drawn by dashboard.py: tests/e2e/test_editions_browser.py)
    at = open_page("compare", cmp_ind=CODE, cmp_year=2022, cmp_lag=0, cmp_countries=["KAZ"])
    assert bars(at) == {"Kazakhstan": value("KAZ", 2022, "")}
    assert any("Generated earnings by sex, 2024" in c.value.replace("\\", "") for c in at.caption)
    at = open_page("compare", cmp_ind=CODE, cmp_year=2022, cmp_lag=0, cmp_countries=["KAZ"],
                   ed_test_ilo="test_ilo:2023")
    assert bars(at) == {"Kazakhstan": value("KAZ", 2022, "") + 100}
    assert any("Generated earnings by sex, 2023" in c.value.replace("\\", "") for c in at.caption)
