"""The indicator, theme and dataset catalogue in data/reference/: complete, bilingual, consistent."""

from __future__ import annotations

import csv
import re

import pytest

from core.settings import REFERENCE_DIR
from etl import catalogue
from etl.model import IndicatorMeta

CYRILLIC = re.compile("[А-Яа-яЁё]")
KAZAKH = re.compile("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")  # letters of Kazakh Cyrillic that Russian lacks
INDICATOR_COLUMNS = ["code", "dataset", "name_en", "name_ru", "definition_en", "definition_ru", "name_kk",
                     "definition_kk", "unit_en", "unit_ru", "unit_kk", "unit", "scale_min", "scale_max",
                     "higher_is_better", "theme", "decimals"]
REAL_CODES = (
    [f"wgi.{c}" for c in ("va", "pv", "ge", "rq", "rl", "cc")]
    + [f"wgi.{c}.pctrank" for c in ("va", "pv", "ge", "rq", "rl", "cc")]
    + [f"egdi.{c}" for c in ("egdi", "osi", "hci", "tii", "epi", "rank")]
    + ["cpi.score", "cpi.rank"]
)
REFORM_THEMES = {"merit", "hrm", "accountability", "performance", "training", "egov"}


def csv_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def csv_header(name: str) -> list[str]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


ALL = list(catalogue.indicators().values())


@pytest.mark.parametrize("name", ["indicators.csv", "demo_indicators.csv"])
def test_indicator_files_have_the_loader_columns_and_every_row_loads(name: str) -> None:
    assert csv_header(name) == INDICATOR_COLUMNS
    rows = csv_rows(name)
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "a code appears twice"
    loaded = catalogue.indicators()
    for r in rows:
        meta = loaded[r["code"]]
        assert meta.dataset == r["dataset"]
        assert r["higher_is_better"] in ("true", "false"), r["code"]
        assert r["decimals"].isdigit(), r["code"]


def test_no_code_is_shared_between_the_real_and_the_demo_file() -> None:
    real = {r["code"] for r in csv_rows("indicators.csv")}
    demo = {r["code"] for r in csv_rows("demo_indicators.csv")}
    assert not real & demo
    assert len(catalogue.indicators()) == len(real) + len(demo)


def test_every_real_source_indicator_is_catalogued() -> None:
    real = [m.code for m in ALL if m.dataset != "demo"]
    assert sorted(real) == sorted(REAL_CODES)


@pytest.mark.parametrize("meta", ALL, ids=lambda m: m.code)
def test_indicator_is_bilingual(meta: IndicatorMeta) -> None:
    for text in (meta.name_en, meta.name_ru, meta.definition_en, meta.definition_ru, meta.unit):
        assert text.strip(), meta.code
        assert text == text.strip(), f"{meta.code}: stray spaces"
    assert CYRILLIC.search(meta.name_ru), f"{meta.code}: Russian name has no Cyrillic"
    assert CYRILLIC.search(meta.definition_ru), f"{meta.code}: Russian definition has no Cyrillic"
    assert not CYRILLIC.search(meta.name_en + meta.definition_en), f"{meta.code}: Cyrillic in English text"
    assert len(meta.definition_en) > 60 and len(meta.definition_ru) > 60, f"{meta.code}: definition too short"


@pytest.mark.parametrize("meta", ALL, ids=lambda m: m.code)
def test_indicator_is_consistent(meta: IndicatorMeta) -> None:
    assert meta.code.startswith(meta.dataset + "."), meta.code
    assert meta.dataset in catalogue._datasets(), f"{meta.code}: dataset {meta.dataset!r} not in datasets.csv"
    assert meta.theme in catalogue.themes(), f"{meta.code}: theme {meta.theme!r} not in themes.csv"
    assert meta.scale_min is not None and meta.scale_max is not None, meta.code
    assert meta.scale_min < meta.scale_max, meta.code
    assert 0 <= meta.decimals <= 6, meta.code


def test_directions_and_scales_of_the_real_indicators() -> None:
    metas = catalogue.indicators()
    for code in REAL_CODES:
        assert metas[code].higher_is_better == (not code.endswith("rank") or code.endswith("pctrank")), code
    assert (metas["wgi.ge"].scale_min, metas["wgi.ge"].scale_max) == (-2.5, 2.5)
    assert (metas["wgi.cc.pctrank"].scale_min, metas["wgi.cc.pctrank"].scale_max) == (0, 100)
    assert (metas["egdi.egdi"].scale_min, metas["egdi.egdi"].scale_max) == (0, 1)
    assert metas["egdi.rank"].scale_max == 193 and metas["egdi.rank"].decimals == 0
    cpi = metas["cpi.score"]
    assert (cpi.scale_min, cpi.scale_max, cpi.decimals) == (0, 100, 0)
    assert metas["wgi.ge"].name_ru == "Эффективность государственного управления"
    assert metas["cpi.score"].name_ru.startswith("Индекс восприятия коррупции")


def test_themes_are_in_three_languages_and_cover_the_hub_reform_areas() -> None:
    assert csv_header("themes.csv") == ["code", "name_en", "name_ru", "description_en", "description_ru", "name_kk",
                                        "description_kk"]
    themes = catalogue.themes()
    assert set(themes) == REFORM_THEMES | {"governance"}
    for code, t in themes.items():
        assert t["name_en"].strip() and t["description_en"].strip(), code
        assert CYRILLIC.search(t["name_ru"]) and CYRILLIC.search(t["description_ru"]), code
        assert KAZAKH.search(t["name_kk"] + t["description_kk"]), code
    used = {m.theme for m in ALL}
    assert used == set(themes), f"themes never used: {set(themes) - used}"


def test_datasets_have_licence_and_a_citation_with_one_edition_placeholder() -> None:
    header = ["dataset", "name", "name_ru", "name_kk", "publisher", "licence", "licence_ru", "licence_kk", "citation",
              "citation_ru", "citation_kk", "url", "is_demo"]
    assert csv_header("datasets.csv") == header
    rows = csv_rows("datasets.csv")
    assert {r["dataset"] for r in rows} == {"wgi", "egdi", "cpi", "databank", "demo"}
    for r in rows:
        assert r["name"].strip() and r["publisher"].strip() and r["licence"].strip(), r["dataset"]
        assert CYRILLIC.search(r["name_ru"]) and KAZAKH.search(r["name_kk"]), r["dataset"]
        assert r["citation"].count("{edition}") == 1, r["dataset"]
        assert r["citation"].count("{") == 1 and r["citation"].count("}") == 1, r["dataset"]
        assert r["is_demo"] in ("true", "false"), r["dataset"]
        source = catalogue.source_meta(r["dataset"], "EDITION-X")
        assert "EDITION-X" in source.citation and "{" not in source.citation
        assert source.is_demo == (r["dataset"] == "demo")


def test_source_meta_fills_in_the_edition() -> None:
    wgi = catalogue.source_meta("wgi", "2024 update")
    assert "2024 update" in wgi.citation
    assert wgi.licence == "CC BY 4.0" and wgi.publisher == "World Bank"
    assert wgi.source_id == "wgi:2024 update" and not wgi.is_demo
    assert catalogue.source_meta("cpi", "2023").licence == "CC BY-ND 4.0"
    demo = catalogue.source_meta("demo", "demo 2025")
    assert demo.is_demo and "not real" in demo.licence


def test_a_csv_saved_with_a_byte_order_mark_still_loads(tmp_path, monkeypatch) -> None:
    text = (REFERENCE_DIR / "themes.csv").read_text(encoding="utf-8")
    (tmp_path / "themes.csv").write_text("\ufeff" + text, encoding="utf-8")
    assert catalogue._rows(tmp_path / "themes.csv")[0]["code"] == "merit"


def test_glossary_names_are_the_catalogue_s_names_in_russian_and_kazakh() -> None:
    """The publishers' own names (glossary.csv, kind 'name') are what the catalogue says in each language."""
    from core.i18n import Language, texts

    glossary = csv_rows("glossary.csv")
    assert {"wgi.cc", "wgi.ge", "egdi", "osi", "cpi"} <= {t["term"] for t in glossary}
    assert all(t["en"] and CYRILLIC.search(t["ru"]) and t["kk"] and t["source"] for t in glossary)
    entries = [(m.name_en, m.name_ru, m.name_kk) for m in ALL]
    entries += [(r["name"], r["name_ru"], r["name_kk"]) for f in ("datasets.csv", "survey_datasets.csv")
                for r in csv_rows(f)]
    entries += [(r["name_en"], r["name_ru"], r["name_kk"]) for f in ("themes.csv", "country_groups.csv")
                for r in csv_rows(f)]
    interface = {code: " ".join(str(v) for k in texts(code).sources for v in [Language(code).t(k)])
                 for code in ("en", "ru", "kk")}
    for term in (t for t in glossary if t["kind"] == "name"):
        named = [e for e in entries if term["en"].casefold() in e[0].casefold()]
        for _en, ru, kk in named:
            assert term["ru"].casefold() in ru.casefold(), f"{term['term']}: '{ru}' does not say '{term['ru']}'"
            assert term["kk"].casefold() in kk.casefold(), f"{term['term']}: '{kk}' does not say '{term['kk']}'"
        if not named:  # a name only the interface says (the Hub's): there, in each language
            assert term["en"] in interface["en"], f"{term['term']}: named nowhere in the catalogue"
            assert term["ru"] in interface["ru"] and term["kk"] in interface["kk"], term["term"]
    assert csv_rows("indicators.csv")[5]["name_ru"] == "Борьба с коррупцией"  # the World Bank's Russian
