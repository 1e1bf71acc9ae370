"""Editions: two editions of WGI side by side, the current one used unless another is picked, revisions listed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics import compare, editions
from analytics.selection import Selection, use
from etl.load import load_file
from store import Store
from tests.conftest import ROOT, real_file

KAZ_GE_2022 = 0.14275604486465454  # the 2024 update's value (../shared/real-data/README.md)
REVISED = {("KAZ", "ge", 2022): 0.2, ("GEO", "ge", 2021): 0.61, ("UZB", "cc", 2020): -1.1}  # the older edition's


def write_older_edition(path: Path) -> pd.DataFrame:
    """A '2023 update' made from the real 2024 workbook: data to 2022 only, a few estimates as an earlier
    edition had them (REVISED), every other value exactly the same. A title line names the edition, as WGI
    files do. (CSV: openpyxl writes numbers with 16 digits, which would itself revise values in the 17th.)"""
    frame = pd.read_excel(real_file("wgi/wgidataset_2024_update.xlsx"), engine="calamine", dtype=object)
    frame = frame[frame["year"].astype(int) <= 2022].reset_index(drop=True)
    for (code, indicator, year), estimate in REVISED.items():
        hit = (frame["code"] == code) & (frame["indicator"] == indicator) & (frame["year"].astype(int) == year)
        assert hit.sum() == 1
        frame.loc[hit, "estimate"] = estimate
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("Worldwide Governance Indicators, 2023 update\n")
        frame.to_csv(f, index=False)  # floats as repr: exactly the values read
    return frame


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory, starter_template: Path) -> Store:
    """The default store (WGI 2024 update) with the generated 2023 update loaded after it."""
    folder = tmp_path_factory.mktemp("editions")
    store = Store(folder / "store")
    shutil.copytree(starter_template, store.dir)
    older = folder / "wgidataset_2023_update.csv"
    write_older_edition(older)
    report = load_file(older, store=store)
    assert report.source_id == "wgi:2023 update" and report.replaced == 0  # a new edition: nothing replaced
    return store


def test_both_editions_are_kept_and_the_latest_is_current(two_editions: Store) -> None:
    with two_editions.reader() as con:
        listed = editions.editions(con, "wgi")
        stored = dict(con.execute(
            "SELECT source_id, value FROM observation WHERE indicator_code = 'wgi.ge' AND iso3 = 'KAZ' "
            "AND year = 2022").fetchall())
    assert listed["edition"].tolist() == ["2023 update", "2024 update"]  # loaded later, still the older edition
    assert listed["is_current"].tolist() == [False, True]
    assert stored == {"wgi:2023 update": 0.2, "wgi:2024 update": KAZ_GE_2022}


def test_the_current_edition_is_used_unless_another_is_picked(two_editions: Store) -> None:
    with two_editions.reader() as con:
        current = compare.year_values(con, "wgi.ge", 2022, ["KAZ", "GEO"], 0).set_index("iso3")
        older = compare.year_values(use(con.cursor(), Selection(editions=("wgi:2023 update",))), "wgi.ge", 2022,
                                    ["KAZ", "GEO"], 0).set_index("iso3")
        cpi = compare.year_values(use(con.cursor(), Selection(editions=("wgi:2023 update",))), "cpi.score", 2023,
                                  ["KAZ"], 0)
        years = compare.years(use(con.cursor(), Selection(editions=("wgi:2023 update",))), "wgi.ge")
    assert current.loc["KAZ", "value"] == KAZ_GE_2022 and current.loc["KAZ", "source_id"] == "wgi:2024 update"
    assert older.loc["KAZ", "value"] == 0.2 and older.loc["KAZ", "source_id"] == "wgi:2023 update"
    assert cpi["value"].tolist() == [39]  # other datasets stay on their current edition
    assert years[-1] == 2022  # the older edition has no 2023 figures


def test_etl_editions_lists_each_revised_value_with_both_numbers(two_editions: Store) -> None:
    done = subprocess.run([sys.executable, "-m", "etl", "editions", "wgi"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "HUB_DATA_DIR": str(two_editions.dir), "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "wgi:2023 update -> wgi:2024 update: 3 value(s) revised" in out
    (line,) = [x for x in out.splitlines() if "wgi.ge" in x and "KAZ" in x]
    assert "2022" in line and "0.2" in line and str(KAZ_GE_2022) in line and str(KAZ_GE_2022 - 0.2) in line
    with two_editions.reader() as con:
        old, new = editions.pick(con, "wgi")
        changed = editions.changes(con, old, new)
        counts = editions.summary(con, old, new)
    assert (old, new) == ("wgi:2023 update", "wgi:2024 update")
    assert len(changed) == len(REVISED) == counts["revised"]
    assert counts["only_new"] > 0 and counts["only_old"] == 0  # 2023 figures are new in the 2024 update
    for (code, indicator, year), estimate in REVISED.items():
        row = changed[(changed["iso3"] == code) & (changed["indicator_code"] == f"wgi.{indicator}")
                      & (changed["year"] == year)].iloc[0]
        assert row["old"] == estimate and row["new"] - row["old"] == row["difference"]


def test_editions_of_an_unknown_dataset_or_a_lone_edition_say_what_there_is(two_editions: Store) -> None:
    env = {**os.environ, "HUB_DATA_DIR": str(two_editions.dir), "PYTHONPATH": str(ROOT)}
    for args, said in ((["nosuch"], "No dataset 'nosuch'"), (["cpi"], "cpi has one edition"),
                       (["wgi", "--old", "1999"], "wgi has no edition '1999'")):
        done = subprocess.run([sys.executable, "-m", "etl", "editions", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=120, env=env)
        assert done.returncode == 1 and said in done.stderr, done.stderr
