"""Compare, profile and catalogue pages run through AppTest: widgets driven, figure contents checked."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import compare
from etl.setup_store import init_store
from store import Store
from tests.conftest import ROOT, real_file


def open_page(page: str, lang: str = "en", **state: object) -> AppTest:
    """A fresh session on `page` with widget values preset as a URL or earlier clicks would set them."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def values(x: object) -> list:
    """A Plotly spec array: a plain list, or the typed-array form {'dtype', 'bdata'} that plotly writes."""
    if isinstance(x, dict) and "bdata" in x:
        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"])).tolist()
    return list(x)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def figure_with(at: AppTest, trace_type: str) -> dict:
    found = [f for f in figures(at) if any(tr["type"] == trace_type for tr in f["data"])]
    assert found, f"no figure with a {trace_type} trace"
    return found[0]


def bars(fig: dict) -> dict[str, float]:
    (bar,) = [tr for tr in fig["data"] if tr["type"] == "bar"]
    return dict(zip(bar["y"], values(bar["x"]), strict=True))


def missing_rows(fig: dict) -> list[str]:
    return [y for tr in fig["data"] if tr.get("name") in ("missing", "нет данных") for y in tr["y"]]


def reference_lines(fig: dict) -> list[tuple[float, str]]:
    shapes = [s["x0"] for s in fig["layout"].get("shapes", [])]
    # An average's label is wrapped on the chart (<br> between its lines); read as one line here.
    texts = [t for t in (a["text"].replace("<br>", " ") for a in fig["layout"]["annotations"])
             if "reporting" in t or "данные по" in t]
    return list(zip(shapes, texts, strict=True))


TAB = {"series": "Over time", "map": "Map", "table": "Table", "scatter": "Two indicators"}


def expected(store: Store, code: str, year: int, iso3s: list[str], lag: int) -> pd.DataFrame:
    with store.reader() as con:
        return compare.year_values(con, code, year, iso3s, lag)


def hub_mean(store: Store, code: str, year: int, confirmed: bool = True) -> tuple[float, int, int]:
    """The hub average computed straight from the observation table, apart from the page's code: over the members
    whose participation is confirmed (the page's default), or over every listed member."""
    members = "is_hub_member AND membership_certain" if confirmed else "is_hub_member"
    with store.reader() as con:
        mean, n = con.execute(
            "SELECT avg(value), count(value) FROM observation JOIN source USING (source_id) WHERE is_current AND "
            f"indicator_code = ? AND year = ? AND iso3 IN (SELECT iso3 FROM country WHERE {members})",
            [code, year]).fetchone()
        big_n = con.execute(f"SELECT count(*) FROM country WHERE {members}").fetchone()[0]
    return mean, n, big_n


def names(store: Store, lang: str = "en") -> dict[str, str]:
    with store.reader() as con:
        return dict(con.execute(f"SELECT iso3, name_{lang} FROM country").fetchall())


# -- Compare ---------------------------------------------------------------------------------------------------


def test_compare_defaults_to_every_hub_member_with_hub_and_peer_averages(demo_store: Store) -> None:
    at = open_page("compare")
    code, year = at.selectbox(key="cmp_ind").value, at.selectbox(key="cmp_year").value
    fig = figure_with(at, "bar")
    shown = bars(fig)
    with demo_store.reader() as con:
        hub = compare.hub_members(con)
    # Every hub member is on the chart: as a bar, or listed as missing; nobody else.
    en = names(demo_store)
    assert sorted(list(shown) + missing_rows(fig)) == sorted(en[c] for c in hub)
    exp = expected(demo_store, code, year, hub, 3).set_index("iso3")
    for iso3, row in exp.iterrows():
        if pd.notna(row["value"]):
            assert shown[en[iso3]] == pytest.approx(row["value"])
        else:
            assert en[iso3] in missing_rows(fig)
    (hub_x, hub_text), (peer_x, peer_text) = reference_lines(fig)
    mean, n, big_n = hub_mean(demo_store, code, year)
    assert hub_x == pytest.approx(mean)
    # The label says which countries the average is over and how many of them reported.
    assert hub_text.startswith(f"Hub average, {big_n} confirmed members, {n} reporting in {year}: ")
    assert peer_text.startswith("Central Asia average, 5 countries, ") and f"reporting in {year}" in peer_text
    assert any("Source" in c.value and "Licence" in c.value and "DEMO" in c.value for c in at.caption)
    # The same view over every listed member (unconfirmed ones included): another average, and it says so.
    at = open_page("compare", cmp_hub_set="all", cmp_ind=code, cmp_year=year)
    (hub_x, hub_text), _ = reference_lines(figure_with(at, "bar"))
    mean, n, big_n = hub_mean(demo_store, code, year, confirmed=False)
    assert hub_x == pytest.approx(mean) and hub_text.startswith(f"Hub average, all {big_n} listed members (22 ")


def test_compare_offers_each_chart_and_a_pack_of_all_charts(demo_store: Store) -> None:
    for tab in ("Ranking", *TAB.values()):  # only the open tab is drawn; each offers its chart
        at = open_page("compare", cmp_tab=tab)
        labels = [b.label for b in at.get("download_button")]
        assert labels.count("PNG") == (0 if tab == "Table" else 1), tab
        assert labels.count("All charts (ZIP)") == 1
        assert len(at.get("plotly_chart")) == (0 if tab == "Table" else 1), tab
        assert at.query_params["tab"] == {"Ranking": "ranking", **{v: k for k, v in TAB.items()}}[tab]


def test_compare_driven_by_widgets_shows_the_chosen_countries_and_year(demo_store: Store) -> None:
    at = open_page("compare")
    at.selectbox(key="cmp_ind").set_value("demo.time_to_hire")
    at.selectbox(key="cmp_year").set_value(2020)
    at.multiselect(key="cmp_countries").set_value(["KAZ", "KGZ", "GEO", "ARM"])
    at.selectbox(key="cmp_peer").set_value("SCAU")
    at.run()
    assert not at.exception
    fig = figure_with(at, "bar")
    shown = bars(fig)
    exp = expected(demo_store, "demo.time_to_hire", 2020, ["KAZ", "KGZ", "GEO", "ARM"], 3)
    en = names(demo_store)
    assert {en[i]: v for i, v in zip(exp["iso3"], exp["value"], strict=True) if pd.notna(v)} == pytest.approx(shown)
    (_, hub_text), (peer_x, peer_text) = reference_lines(fig)
    assert peer_text.startswith("South Caucasus average, 3 countries") and "reporting in 2020" in peer_text
    with demo_store.reader() as con:
        everyone = compare.year_values(con, "demo.time_to_hire", 2020, ["ARM", "AZE", "GEO"], 0)
    assert peer_x == pytest.approx(everyone["value"].mean())
    assert any("Average time to hire, 2020" in h.value for h in at.subheader)


def test_earlier_year_values_are_marked_and_missing_never_zero(demo_store: Store) -> None:
    at = open_page("compare", cmp_ind="demo.appraisal_coverage", cmp_year=2025, cmp_lag=3)
    fig = figure_with(at, "bar")
    exp = expected(demo_store, "demo.appraisal_coverage", 2025, sorted(names(demo_store)), 3)
    with demo_store.reader() as con:
        hub = compare.hub_members(con)
    late = exp[exp["is_fallback"] & exp["iso3"].isin(hub)]
    assert len(late), "the demo data should have countries whose 2025 value is not published yet"
    (text_trace,) = [tr for tr in fig["data"] if tr.get("name") == "Value"]
    labels = dict(zip(text_trace["y"], text_trace["text"], strict=True))
    en = names(demo_store)
    for row in late.itertuples():
        assert labels[en[row.iso3]].endswith(f"(from {row.value_year})")
    # The same view without earlier values: those countries are listed as missing, with no bar.
    at = open_page("compare", cmp_ind="demo.appraisal_coverage", cmp_year=2025, cmp_lag=0)
    fig = figure_with(at, "bar")
    for row in late.itertuples():
        assert en[row.iso3] in missing_rows(fig) and en[row.iso3] not in bars(fig)
    assert 0 not in bars(fig).values()


def test_own_peer_group_is_used_for_the_average(demo_store: Store) -> None:
    group = ["AZE", "KAZ", "KGZ", "TJK", "TKM", "UZB"]
    at = open_page("compare", cmp_group_name="Central Asia + Azerbaijan", cmp_group=group, cmp_peer="OWN",
                   cmp_ind="demo.time_to_hire", cmp_year=2022, cmp_lag=0)
    fig = figure_with(at, "bar")
    (_, _), (peer_x, peer_text) = reference_lines(fig)
    exp = expected(demo_store, "demo.time_to_hire", 2022, group, 0)
    n = int(exp["value"].notna().sum())
    assert peer_text.startswith(f"Central Asia + Azerbaijan average, 6 countries, {n} reporting in 2022")
    assert peer_x == pytest.approx(exp["value"].mean())
    # The same group is offered on the profile page.
    prof = open_page("profile", cmp_group_name="Central Asia + Azerbaijan", cmp_group=group, cmp_peer="OWN")
    assert any("Central Asia + Azerbaijan average" in str(c) for c in prof.dataframe[0].value.columns)


def test_empty_selection_is_explained(demo_store: Store) -> None:
    at = open_page("compare", cmp_countries=[])
    assert any("Choose at least one country" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_a_year_without_data_is_explained_not_drawn_as_zero(demo_store: Store) -> None:
    at = open_page("compare", cmp_ind="demo.time_to_hire", cmp_year=2010, cmp_lag=0, cmp_countries=["AFG", "KAZ"])
    exp = expected(demo_store, "demo.time_to_hire", 2010, ["AFG", "KAZ"], 0)
    if exp["value"].isna().all():
        assert any("No chosen country has a value in 2010" in i.value for i in at.info)
    assert 0 not in bars(figure_with(at, "bar")).values()


def test_series_scatter_map_and_table(demo_store: Store) -> None:
    chosen = ["KAZ", "KGZ", "GEO"]
    state = {"cmp_ind": "demo.engagement_score", "cmp_countries": chosen, "cmp_year": 2022,
             "cmp_ind_y": "demo.citizen_satisfaction", "cmp_focus": "GEO"}
    at = open_page("compare", cmp_tab=TAB["series"], **state)
    en = names(demo_store)
    series = [f for f in figures(at) if any(tr.get("mode") == "lines+markers" for tr in f["data"])][0]
    lines = {tr["name"]: tr for tr in series["data"] if tr.get("mode") == "lines+markers"}
    assert set(lines) == {en[c] for c in chosen}
    with demo_store.reader() as con:
        s = compare.series(con, "demo.engagement_score", ["GEO"])
    assert values(lines["Georgia"]["y"]) == pytest.approx(s["value"].tolist())
    assert lines["Georgia"]["line"]["color"] == "#D55E00"  # the highlighted country's colour
    assert any(tr.get("fill") == "toself" for tr in series["data"])  # survey standard errors drawn as bands
    assert any(tr["name"] == "Hub average, 22 confirmed members" and tr.get("line", {}).get("dash") == "dash"
               for tr in series["data"])
    assert series["layout"]["xaxis"]["tickformat"] == "d"  # years read as years
    at = open_page("compare", cmp_tab=TAB["scatter"], **state)
    scatter = [f for f in figures(at) if any(tr.get("name") == "Other chosen countries" for tr in f["data"])][0]
    focus = [tr for tr in scatter["data"] if tr.get("marker", {}).get("color") == "#D55E00"]
    assert focus and focus[0]["text"] == ["Georgia"]
    # Hub averages of both indicators as cross-hairs, computed from the store apart from the page.
    vertical = [sh["x0"] for sh in scatter["layout"]["shapes"] if sh["xref"] == "x"]
    horizontal = [sh["y0"] for sh in scatter["layout"]["shapes"] if sh["yref"] == "y"]
    assert vertical == [pytest.approx(hub_mean(demo_store, "demo.engagement_score", 2022)[0])]
    assert horizontal == [pytest.approx(hub_mean(demo_store, "demo.citizen_satisfaction", 2022)[0])]
    at = open_page("compare", cmp_tab=TAB["map"], **state)
    (choropleth,) = figure_with(at, "choropleth")["data"]
    exp = expected(demo_store, "demo.engagement_score", 2022, chosen, 3)
    assert sorted(choropleth["locations"]) == sorted(exp.loc[exp["value"].notna(), "iso3"])
    at = open_page("compare", cmp_tab=TAB["table"], **state)
    table = at.dataframe[0].value
    assert sorted(table["ISO3"]) == sorted(chosen)


def test_compare_in_russian(demo_store: Store) -> None:
    at = open_page("compare", lang="ru", cmp_countries=["KAZ", "KGZ"])
    assert at.title[0].value == "Сравнение стран"
    fig = figure_with(at, "bar")
    assert set(bars(fig)) | set(missing_rows(fig)) == {"Казахстан", "Кыргызстан"}
    assert any(t.startswith("Среднее по Хабу, 22 подтверждённых участников") for _, t in reference_lines(fig))
    assert fig["layout"]["separators"] == ",\u00a0"  # CLDR: decimal comma, no-break space between thousands


# -- Profile ---------------------------------------------------------------------------------------------------


def test_profile_lists_every_indicator_with_rank_change_and_verdict(demo_store: Store) -> None:
    at = open_page("profile", cmp_focus="GEO", prof_base=2015)
    with demo_store.reader() as con:
        hub = con.execute("SELECT list(iso3 ORDER BY iso3) FROM country WHERE is_hub_member AND membership_certain"
                          ).fetchone()[0]
        ca = con.execute("SELECT list(iso3) FROM country_group_member WHERE group_code = 'CA'").fetchone()[0]
        exp = compare.profile(con, "GEO", 2015, hub, ca)
    table = at.dataframe[0].value
    assert len(table) == len(exp) and table["Indicator"].tolist() == exp["name_en"].tolist()
    row = exp.iloc[0]
    assert table.iloc[0]["Rank among hub members"].startswith(f"{int(row['hub_rank'])} of {int(row['rank_of'])}")
    assert table.iloc[0]["Versus the hub average"] in {
        "ahead (beyond the margin of error)", "behind (beyond the margin of error)",
        "no clear difference (within the margin of error)", "ahead; uncertainty not published",
        "behind; uncertainty not published", "level"}
    strip = figure_with(at, "heatmap")
    assert len(strip["data"][0]["y"]) == len(exp)
    assert any(h.value.startswith("Georgia") for h in at.subheader)
    multiples = [f for f in figures(at) if any(tr.get("name") == "Georgia" for tr in f["data"])]
    assert multiples


def test_profile_draws_targets_when_the_data_has_them(demo_store: Store) -> None:
    with demo_store.writer() as w:
        w.execute("INSERT INTO target VALUES ('KAZ', 'demo.services_online_share', 2030, 90, 'national plan', NULL)")
    at = open_page("profile", cmp_focus="KAZ", prof_theme="egov")
    fig = [f for f in figures(at) if any(tr.get("name") == "target" for tr in f["data"])]
    assert fig, "the target is not drawn"
    (star,) = [tr for tr in fig[0]["data"] if tr.get("name") == "target"]
    assert values(star["x"]) == [2030] and values(star["y"]) == [90]


def test_profile_in_russian(demo_store: Store) -> None:
    at = open_page("profile", lang="ru", cmp_focus="KAZ")
    assert at.title[0].value == "Профиль страны"
    assert "Показатель" in at.dataframe[0].value.columns
    assert any("Казахстан" in h.value for h in at.subheader)


# -- Catalogue -------------------------------------------------------------------------------------------------


def test_catalogue_lists_every_indicator_and_the_coverage_matrix(demo_store: Store) -> None:
    at = open_page("catalogue", cat_ind="demo.time_to_hire", cat_group="CA")
    with demo_store.reader() as con:
        inds = compare.indicators(con)
        cov = compare.coverage(con, "demo.time_to_hire", ["KAZ", "KGZ", "TJK", "TKM", "UZB"])
    table = at.dataframe[0].value
    assert sorted(table["Code"]) == sorted(inds["code"])
    assert table["Licence"].notna().all() and table["Definition"].str.len().min() > 20
    (heat,) = figure_with(at, "heatmap")["data"]
    assert sorted(heat["y"]) == sorted(["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"])
    z = np.array(heat["z"] if not isinstance(heat["z"], dict) else values(heat["z"]))
    assert int((z == 2).sum()) == int((cov["status"] == "value").sum())
    at.selectbox(key="cat_group").set_value("SCAU")
    at.run()
    (heat,) = figure_with(at, "heatmap")["data"]
    assert sorted(heat["y"]) == ["Armenia", "Azerbaijan", "Georgia"]


def test_pages_explain_an_empty_store(store: Store) -> None:
    init_store(store, starter_pack=False)
    for page in ("compare", "profile", "catalogue"):
        at = open_page(page)
        assert any("No indicator has data yet" in i.value for i in at.info), page


# -- Real published files --------------------------------------------------------------------------------------


def test_compare_with_the_real_wgi_egdi_and_cpi_files(starter_store: Store) -> None:
    # the default store: the starter pack holds the published WGI, EGDI and CPI files (byte for byte)
    at = open_page("compare", cmp_ind="wgi.ge", cmp_year=2023, cmp_lag=0)
    fig = figure_with(at, "bar")
    assert bars(fig)["Kazakhstan"] == 0.14681467413902283  # the value in the published file, exactly
    # The hub average computed from the file itself: the confirmed hub members' 2023 GE estimates.
    raw = pd.read_excel(real_file("wgi/wgidataset_2024_update.xlsx"), engine="calamine")
    ge = raw[(raw["indicator"] == "ge") & (raw["year"] == 2023)]
    ge = ge.assign(estimate=pd.to_numeric(ge["estimate"], errors="coerce"),
                   stddev=pd.to_numeric(ge["stddev"], errors="coerce")).dropna(subset=["estimate"])
    listed = pd.read_csv(ROOT / "data" / "reference" / "hub_members.csv")
    hub = listed.loc[listed["certain"], "iso3"]
    members = ge[ge["code"].isin(hub)]
    (hub_x, hub_text), _ = reference_lines(fig)
    assert hub_x == pytest.approx(members["estimate"].mean(), abs=1e-12)
    assert hub_text.startswith(f"Hub average, {len(hub)} confirmed members, {len(members)} reporting in 2023")
    # Kazakhstan's error bar is the published standard error.
    (bar,) = [tr for tr in fig["data"] if tr["type"] == "bar"]
    i = list(bar["y"]).index("Kazakhstan")
    assert values(bar["error_x"]["array"])[i] == pytest.approx(1.959963984540054 * 0.25837579369544983)
    assert any("Worldwide Governance Indicators, 2024 update" in c.value.replace("\\", "") for c in at.caption)
    # Against the hub average, worked here from the file: Kazakhstan is one of the K members averaged, so
    # var(gap) = (1 - 1/K)^2 se_KAZ^2 + sum of the other members' se^2 / K^2; real when |gap| > 1.96 sd.
    kaz = members[members["code"] == "KAZ"].iloc[0]
    k = len(members)
    gap = kaz["estimate"] - members["estimate"].mean()
    sd = ((1 - 1 / k) ** 2 * kaz["stddev"] ** 2 + (members["stddev"] ** 2).sum() / k ** 2
          - kaz["stddev"] ** 2 / k ** 2) ** 0.5
    beyond = abs(gap) > 1.959963984540054 * sd
    at = open_page("compare", cmp_ind="wgi.ge", cmp_year=2023, cmp_lag=0, cmp_tab="Table")
    table = at.dataframe[0].value.set_index("ISO3")
    rank = int((members["estimate"] > kaz["estimate"]).sum()) + 1
    assert table.loc["KAZ", "Rank among hub members"].startswith(f"{rank} of {k} (could be ")
    word = ("ahead" if gap > 0 else "behind") + " (beyond the margin of error)" if beyond else \
        "no clear difference (within the margin of error)"
    assert table.loc["KAZ", "Versus the hub average"] == word
    # EGDI against GE in the scatter; Kazakhstan highlighted with its EGDI 2022 value (an earlier year).
    at = open_page("compare", cmp_ind="egdi.egdi", cmp_year=2022, cmp_ind_y="wgi.ge")
    assert bars(figure_with(at, "bar"))["Kazakhstan"] == 0.8628
    at = open_page("compare", cmp_ind="egdi.egdi", cmp_year=2022, cmp_ind_y="wgi.ge", cmp_tab="Two indicators")
    scatter = [f for f in figures(at) if any(tr.get("name") == "Other chosen countries" for tr in f["data"])][0]
    (kaz,) = [tr for tr in scatter["data"] if tr.get("text") == ["Kazakhstan"]]
    assert values(kaz["x"]) == [0.8628] and values(kaz["y"]) == [pytest.approx(0.14275604486465454)]
    # The profile compares CPI 2023 for Kazakhstan against the hub with the published standard error.
    prof = open_page("profile", cmp_focus="KAZ")
    table = prof.dataframe[0].value.set_index("Indicator")
    assert table.loc["Corruption Perceptions Index: score", "Value"] == "39"
    assert table.loc["Corruption Perceptions Index: score", "Change since baseline"].startswith("+")


def test_fast_number_formatting_matches_the_shared_one() -> None:
    from core.i18n import number
    from ui.compare_widgets import fmt

    for lang in ("en", "ru"):
        for decimals in (0, 1, 2, 3):
            for value in (0.0, -0.5, 1234567.891, 0.14681467413902283, -2.0680975914001465, float("nan"), None):
                assert fmt(value, decimals, lang) == number(value, decimals, lang)
    assert fmt(0.25, 2, "ru", signed=True) == "+0,25" and fmt(-0.25, 2, "en", signed=True) == "\u22120.25"


def test_every_text_key_of_the_compare_pages_exists_in_every_language_and_is_used() -> None:
    import re

    from core.i18n import LANGUAGES, Language, keys

    files = [ROOT / "pages" / f"{p}.py" for p in ("compare", "profile", "catalogue")]
    files += [ROOT / "ui" / f"{m}.py" for m in ("compare_widgets", "compare_picks", "compare_view", "analysis_page")]
    files += [ROOT / "screens" / f"{m}.py" for m in ("compare", "profile", "catalogue", "common")]
    files.append(ROOT / "charts" / "compare.py")
    files.append(ROOT / "ui" / "router.py")  # the menu's titles
    code = "\n".join(f.read_text(encoding="utf-8") for f in files)
    used = set(re.findall(r"""(?<![\w])(?:t|plural)\(\s*["']([a-zA-Z_0-9]+)["']""", code))
    assert used - keys() == set()
    area = {k for k in keys() if k.startswith("cmp_")}
    assert all(Language(c).t(k).strip() for c in LANGUAGES for k in area)
    # Keys picked at run time (statuses, verdicts, the uncertainty columns of the compare table).
    dynamic = {k for k in area if k.startswith(("cmp_cov_", "cmp_tab_"))}
    dynamic |= {"cmp_std_error", "cmp_lower", "cmp_upper"}
    assert area - used - dynamic == set()


def test_catalogue_offers_the_own_group_defined_on_another_page(demo_store: Store) -> None:
    at = open_page("catalogue", _kept_cmp_group_name="Caucasus+", _kept_cmp_group=["ARM", "AZE", "GEO", "TUR"],
                   cat_group="OWN", cat_ind="demo.time_to_hire")
    (heat,) = figure_with(at, "heatmap")["data"]
    assert sorted(heat["y"]) == ["Armenia", "Azerbaijan", "Georgia", "Türkiye"]
    assert any("Caucasus+" in (o or "") for o in at.selectbox(key="cat_group").options)
