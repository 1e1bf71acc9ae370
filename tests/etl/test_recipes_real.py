"""Every reference value of ../shared/real-data/README.md comes back exactly through `etl load` (recipes)."""

from __future__ import annotations

import pytest

from etl.load import load_file
from etl.setup_store import init_store
from store import Store
from tests.conftest import real_file


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One store holding every real file, each loaded by `etl load` with its recipe recognised."""
    store = Store(tmp_path_factory.mktemp("store"))
    init_store(store, starter_pack=False)
    for name in ("wgi/wgidataset_2024_update.xlsx", "egdi/EGOV_DATA_2022.csv",
                 "cpi/CPI2023_Global_Results__Trends.xlsx", "bipa/bipa2024_index_domains_wide.csv",
                 "bipa/bipa2024_index_themes_wide.csv", "sdmx/oecd_ireg_2021_indicators.csv",
                 "ilostat/EAR_HUBL_SEX_NB_A.csv", "unsdg/sfm_2023.csv",
                 "wjp/2023_wjp_rule_of_law_index_HISTORICAL_DATA.xlsx",
                 "surveys/gsps_national_all_respondents.csv",
                 "surveys/Civil_Service_People_Survey_2009_to_2020_Mean_Benchmark_Scores.csv"):
        report = load_file(real_file(name), store=store)
        assert report.batch_id is not None, name
    return store


def one(store: Store, sql: str, params: list) -> object:
    with store.reader() as con:
        rows = con.execute(sql, params).fetchall()
    assert len(rows) == 1, (sql, params, rows)
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


def obs(store: Store, iso3: str, code: str, year: int, column: str = "value", breakdown: str = "") -> object:
    return one(store, f"SELECT {column} FROM v_observations WHERE iso3 = ? AND indicator_code = ? AND year = ? "
               "AND breakdown = ? AND is_current", [iso3, code, year, breakdown])


def test_wgi(loaded: Store) -> None:
    assert obs(loaded, "KAZ", "wgi.ge", 2019) == 0.06884711980819702
    assert obs(loaded, "KAZ", "wgi.ge", 2022) == 0.14275604486465454
    assert obs(loaded, "KAZ", "wgi.ge", 2023) == 0.14681467413902283
    assert obs(loaded, "KAZ", "wgi.ge", 2023, "std_error") == 0.25837579369544983
    assert obs(loaded, "KAZ", "wgi.ge.pctrank", 2023) == 57.075469970703125
    assert obs(loaded, "GEO", "wgi.ge", 2023) == 0.7912858724594116
    assert obs(loaded, "TKM", "wgi.rq", 2023) == -2.0680975914001465
    assert obs(loaded, "ASM", "wgi.va", 2023) is None  # published as '..'
    assert one(loaded, "SELECT edition FROM source WHERE dataset = 'wgi'", []) == "2024 update"


def test_egdi(loaded: Store) -> None:
    assert (obs(loaded, "KAZ", "egdi.egdi", 2022), obs(loaded, "KAZ", "egdi.rank", 2022)) == (0.8628, 28)
    assert (obs(loaded, "GEO", "egdi.egdi", 2022), obs(loaded, "GEO", "egdi.rank", 2022)) == (0.7501, 60)
    assert (obs(loaded, "KOR", "egdi.egdi", 2022), obs(loaded, "KOR", "egdi.rank", 2022)) == (0.9529, 3)


def test_cpi(loaded: Store) -> None:
    assert (obs(loaded, "GEO", "cpi.score", 2021), obs(loaded, "GEO", "cpi.score", 2023)) == (55, 53)
    assert obs(loaded, "KAZ", "cpi.score", 2023) == 39 and obs(loaded, "KAZ", "cpi.rank", 2023) == 93
    assert obs(loaded, "KAZ", "cpi.score", 2012) == 28  # headed "CPI Score 2012"
    assert obs(loaded, "KAZ", "cpi.score", 2021, "std_error") == 3.331854
    assert obs(loaded, "KAZ", "cpi.score", 2023, "lower") is not None  # the interval from the 'CPI 2023' sheet


def test_blavatnik(loaded: Store) -> None:
    assert obs(loaded, "KAZ", "bipa.bipa_index", 2024) == 0.6
    assert obs(loaded, "KAZ", "bipa.bipa_index.rank", 2024) == 40
    assert obs(loaded, "KAZ", "bipa.strled", 2024) == 0.47
    assert obs(loaded, "KAZ", "bipa.pplprc", 2024) == 0.72
    assert (obs(loaded, "KGZ", "bipa.bipa_index", 2024), obs(loaded, "KGZ", "bipa.bipa_index.rank", 2024)) == \
        (0.44, 86)
    assert (obs(loaded, "TJK", "bipa.bipa_index", 2024), obs(loaded, "TJK", "bipa.bipa_index.rank", 2024)) == \
        (0.32, 111)
    assert one(loaded, "SELECT edition FROM source WHERE dataset = 'bipa'", []) == "2024"


def test_blavatnik_long_file_with_its_structure_file(store: Store) -> None:
    init_store(store, starter_pack=False)
    load_file(real_file("bipa/bipa2024_all_data.csv"), store=store)
    assert obs(store, "KGZ", "bipa.bipa_index", 2024) == 0.44
    assert obs(store, "KGZ", "bipa.bipa_index.rank", 2024) == 86
    assert "rank_label==86" in obs(store, "KGZ", "bipa.bipa_index.rank", 2024, "flags")
    name = one(store, "SELECT name_en FROM indicator WHERE code = 'bipa.strled'", [])
    assert name == "Strategy & Leadership"  # from bipa2024_data_structure.csv beside it


def test_sdmx_csv(loaded: Store) -> None:
    assert [obs(loaded, "EST", "ireg.ria.p", y) for y in (2014, 2017, 2021)] == [3.01, 3.05, 3.1]
    assert one(loaded, "SELECT edition FROM source WHERE dataset = 'oecd_ireg'", []) == "2023"


def test_ilostat_breakdowns(loaded: Store) -> None:
    code = "ilo.ear_hubl_sex_nb"
    assert obs(loaded, "MNG", code, 2022) == 6005.46  # SEX_T is the total: breakdown ""
    assert obs(loaded, "MNG", code, 2022, breakdown="sex=M") == 6480.53
    assert obs(loaded, "MNG", code, 2022, breakdown="sex=F") == 5385.58


def test_un_sdg_m49(loaded: Store) -> None:
    assert obs(loaded, "KGZ", "sdg.sg_dsr_lgrgsr", 2017) == 0.825
    assert obs(loaded, "KGZ", "sdg.sg_dsr_lgrgsr", 2019) == 0.9
    # the series repeats under three SDG indicators with identical values: read once, said so
    report = one(loaded, "SELECT report FROM load_batch WHERE file_name = 'sfm_2023.csv'", [])
    assert "repeated row(s) hold the same value" in report


def test_wjp_year_ranges(loaded: Store) -> None:
    assert obs(loaded, "KAZ", "wjp.overall", 2023) == 0.5336606951490228
    assert obs(loaded, "KAZ", "wjp.overall", 2018) == 0.5174938143785136  # edition 2017-2018
    assert "year range 2017-2018" in obs(loaded, "KAZ", "wjp.overall", 2018, "flags")
    assert obs(loaded, "KGZ", "wjp.overall", 2023) == 0.4535986960573913
    assert obs(loaded, "UZB", "wjp.overall", 2022) == 0.4960157145109621


def test_surveys_keep_going_to_the_survey_tables(loaded: Store) -> None:
    def survey(iso3: str, label: str, year: int) -> float:
        return one(loaded, "SELECT value FROM v_survey_results WHERE iso3 = ? AND question_label = ? AND year = ? "
                   "AND group_name = 'All'", [iso3, label, year])

    assert survey("ARM", "Job satisfaction", 2023) == 0.708891595615104
    assert survey("UKR", "Job satisfaction", 2018) == 0.826010544815466
    assert one(loaded, "SELECT value FROM v_survey_results WHERE question_code = 'EES' AND year = 2020", []) == 0.64
