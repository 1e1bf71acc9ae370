"""The survey page through AppTest: GSPS Armenia with the file's CI, Likert bars, themes, safe breakdowns, Russian."""

from __future__ import annotations

import csv
import json
import re
from html import unescape

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from analytics import survey as sv
from etl.demo.surveys import generate, store_generated
from etl.load import load_file
from etl.setup_store import init_store
from store import Store
from tests.conftest import ROOT, real_file
from tests.fixtures.staff_survey import SOURCE as STAFF
from ui.text import plain

GSPS = "surveys/gsps_national_all_respondents.csv"
STAFF_ID = STAFF.source_id  # generated respondent-level answers, marked published: demo never sits beside GSPS


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    store = Store(tmp_path_factory.mktemp("svui") / "store")
    init_store(store, starter_pack=False)
    load_file(real_file(GSPS), store=store)
    parsed = generate(countries=["ARM", "KAZ", "GEO"], waves=(2023, 2025), n=[250, 180, 120], organisations=30,
                      seed=7, source=STAFF)
    store_generated(store, parsed)
    return store, parsed


def run(store: Store, monkeypatch: pytest.MonkeyPatch, lang: str = "en", **state) -> AppTest:
    monkeypatch.setenv("HUB_DATA_DIR", str(store.dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page("pages/survey.py")
    at.run()
    assert not at.exception, at.exception
    return at


def figures(at: AppTest) -> dict[str, dict]:
    return {chart.proto.id.split("sv_")[-1] if "sv_" in chart.proto.id else str(i): json.loads(chart.proto.spec)
            for i, chart in enumerate(at.get("plotly_chart"))}


def _trace_point(fig: dict, label: str) -> tuple[float, float, float]:
    for trace in fig["data"]:
        if label in (trace.get("y") or []):
            i = trace["y"].index(label)
            err = trace.get("error_x") or {}
            return trace["x"][i], err.get("array", [np.nan] * (i + 1))[i], err.get("arrayminus", [np.nan] * (i + 1))[i]
    raise AssertionError(f"{label} not in the figure")


def test_gsps_shows_armenia_job_satisfaction_with_the_files_interval(loaded, monkeypatch) -> None:
    store, _ = loaded
    with real_file(GSPS).open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["country_code"] == "ARM" and r["indicator"] == "Job satisfaction")
    at = run(store, monkeypatch, sv_programme="gsps:2023", sv_unit="job_satisfaction")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    value, plus, minus = _trace_point(charts[0], "Armenia (2023)")
    assert value == 0.708891595615104
    assert value + plus == pytest.approx(float(row["upper_ci"]), abs=1e-12)
    assert value - minus == pytest.approx(float(row["lower_ci"]), abs=1e-12)
    hover = " ".join(t for trace in charts[0]["data"] for t in trace.get("hovertext", []))
    assert "Armenia (2023): 0.7089 (95% CI 0.6910–0.7268)" in hover
    table = next(t.value for t in at.table if "Value" in t.value.columns)  # after the charts' table views
    arm = table.loc["Armenia"]
    assert (arm["Value"], arm["95% CI lower"], arm["95% CI upper"]) == ("0.7089", "0.6910", "0.7268")
    assert arm["Figure"] == "published"
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert plain("Global Survey of Public Servants") in text and plain("CC BY 4.0") in text and "2023" in text


def test_likert_bars_match_the_estimates(loaded, monkeypatch) -> None:
    store, _ = loaded
    at = run(store, monkeypatch, sv_programme=STAFF_ID, sv_unit="ENG1")
    assert not any("DEMO" in w.value for w in at.warning)  # published data only (demo surveys: test_datasets_pages)
    likert = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in likert["data"]] == ["Unfavourable", "Neutral", "Favourable"]
    assert not any("DEMO" in a.get("text", "") for a in likert["layout"].get("annotations", []))
    unf, neu, fav = (np.array(t["x"]) for t in likert["data"])
    assert np.allclose(unf + neu + fav, 1)
    assert np.allclose(np.array(likert["data"][2]["base"]), neu / 2)  # favourable starts at half the neutral share
    with store.reader() as con:
        expected = sv.results(con, STAFF_ID, "item", ["ENG1"], None, True)
    latest = expected[expected["year"] == 2025].set_index("country_en")
    for label, value in zip(likert["data"][2]["y"], fav, strict=True):
        assert value == pytest.approx(latest.loc[label.split(" (")[0], "fav"], abs=1e-12)


def test_theme_scores_show_ci_whiskers_and_the_average(loaded, monkeypatch) -> None:
    store, _ = loaded
    at = run(store, monkeypatch, sv_programme=STAFF_ID, sv_unit="ENG1", sv_theme_country="KAZ")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    themes = next(c for c in charts if any((t.get("marker") or {}).get("symbol") == "diamond" for t in c["data"]))
    # ARM, GEO, KAZ take part; the label says the average is over the confirmed members (the default)
    assert any(t.get("name") == "Hub average, 22 confirmed members" for t in themes["data"])
    with store.reader() as con:
        expected = sv.results(con, STAFF_ID, "theme", None, None, True)
    kaz = expected[(expected["iso3"] == "KAZ") & (expected["year"] == 2025)].set_index("unit")
    for theme in kaz.index:
        value, plus, minus = _trace_point(themes, theme)
        assert value == pytest.approx(kaz.loc[theme, "fav"], abs=1e-12)
        assert value + plus == pytest.approx(kaz.loc[theme, "fav_upper"], abs=1e-12)


def _true_sizes(parsed, iso3: str, year: int, dimension: str, codes: list[str]) -> dict[str, int]:
    """Respondents per group who answered at least one of `codes` (a question, or a theme's questions)."""
    for p in parsed:
        s = p.surveys.iloc[0]
        if s["country_code"] == iso3 and int(s["year"]) == year:
            answered = p.answers[codes].notna().any(axis=1).to_numpy()
            return p.respondents.loc[answered, dimension].value_counts().to_dict()
    raise AssertionError("survey not generated")


@pytest.mark.parametrize("kind,unit,codes", [("item", "INT1", ["INT1"]), ("theme", "Integrity", ["INT1", "INT2"])])
@pytest.mark.parametrize("dimension", ["gender", "age_band", "grade", "organisation", "tenure"])
def test_no_breakdown_on_the_page_reveals_a_small_group(loaded, monkeypatch, dimension: str, kind: str, unit: str,
                                                         codes: list[str]) -> None:
    store, parsed = loaded
    k = sv.min_n()
    for iso3, weighted in (("GEO", True), ("KAZ", False)):
        at = run(store, monkeypatch, sv_programme=STAFF_ID, sv_level=kind, sv_unit=unit, sv_break_country=iso3,
                 sv_dimension=dimension, sv_weighted=weighted)
        sizes = _true_sizes(parsed, iso3, 2025, dimension, codes)
        (chart,) = [c for c in at.get("plotly_chart") if "sv_breakdown" in c.proto.id]
        spec = json.loads(chart.proto.spec)
        # a chart's strings reach Plotly with '<' as an entity (ui.charts.show): "&lt;2 years" shows "<2 years"
        shown = [unescape(y) for trace in spec["data"] for y in trace["y"]]
        assert "All respondents" in shown
        groups = [g for g in shown if g != "All respondents"]
        assert all(sizes[g] >= k for g in groups), (dimension, iso3, groups)
        rest = sum(sizes.values()) - sum(sizes[g] for g in groups)
        assert rest == 0 or rest >= k
        small = [g for g, n in sizes.items() if n < k]
        if small:
            caption = " ".join(c.value for c in at.caption)
            assert "Not shown, to protect respondents" in caption and all(plain(g) in caption for g in small)
        hover = " ".join(h for trace in spec["data"] for h in trace["hovertext"])
        numbers = [int(x.replace(",", "")) for x in re.findall(r"· ([\d,]+) respondents", hover)]
        assert numbers and min(numbers) >= k


def test_russian_page(loaded, monkeypatch) -> None:
    store, _ = loaded
    at = run(store, monkeypatch, lang="ru", sv_programme=STAFF_ID, sv_unit="ENG1")
    assert at.title[0].value == "Опросы государственных служащих"
    likert = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in likert["data"]] == ["Отрицательные ответы", "Нейтральные ответы", "Положительные ответы"]
    assert "Казахстан (2025)" in likert["data"][0]["y"]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    themes = next(c for c in charts if any((t.get("marker") or {}).get("symbol") == "diamond" for t in c["data"]))
    assert "Вовлечённость" in themes["data"][-1]["y"]
    assert themes["data"][-1]["name"] == "Среднее по Хабу, 22 подтверждённых участников"


def test_no_surveys_says_how_to_load_one(store: Store, monkeypatch) -> None:
    init_store(store, starter_pack=False)
    at = run(store, monkeypatch)
    assert "python -m etl load" in at.info[0].value
