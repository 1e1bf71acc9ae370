"""A file of 60,000 unknown country names is refused in seconds: names are matched once each, suggestions come
from a trigram index, and only the first names are listed, with a count of the rest."""

from __future__ import annotations

import csv
import random
import string
import time
from pathlib import Path

import pandas as pd
import pytest

from core.errors import ValidationError
from etl import guard
from etl.harmonise import countries
from etl.load import load_file
from etl.setup_store import init_store
from etl.validate.prepare import MAX_UNMATCHED_LISTED
from store import Store

NAMES = 60_000


def unknown_names(n: int, seed: int = 14) -> list[str]:
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9))).title()

    return [" ".join(word() for _ in range(rng.randint(1, 3))) + f" {i}" for i in range(n)]


def databank(path: Path, names: list[str], known: list[str] = ()) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Country Name", "Country Code", "Series Name", "Series Code", "2021 [YR2021]", "2022 [YR2022]"])
        for name in [*known, *names]:
            out.writerow([name, "", "Government Effectiveness: Estimate", "GE.EST", "0.1", "0.2"])
    return path


def test_sixty_thousand_unknown_names_are_refused_in_seconds(store: Store, tmp_path: Path) -> None:
    init_store(store, starter_pack=False)
    path = databank(tmp_path / "names.csv", unknown_names(NAMES))
    before = sorted(p.name for p in store.dir.iterdir())
    guard.read_file(databank(tmp_path / "warm.csv", [], known=["Kazakhstan"]))  # the worker warm, as in a server
    start = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        load_file(path, store=store)
    seconds = time.perf_counter() - start
    print(f"\n60,000 unknown country names: refused in {seconds:.2f} s (read in the guarded worker, matched, "
          "suggested)")
    assert seconds < 10, f"took {seconds:.1f} s"
    (error,) = refused.value.problems
    assert "none of the 60,000 country names in the file is recognised" in error.message
    assert "'Wyuqhixi 0'" in error.message  # the first name of the file
    warnings = refused.value.warnings
    listed = [w for w in warnings if w.message.startswith("country not recognised")]
    assert len(listed) == MAX_UNMATCHED_LISTED and listed[0].row == 2 and listed[1].row == 3
    assert f"and {NAMES - MAX_UNMATCHED_LISTED:,} more country names not recognised" in warnings[-1].message
    assert sorted(p.name for p in store.dir.iterdir()) == before


def test_known_countries_load_beside_many_unknown_names(store: Store, tmp_path: Path) -> None:
    init_store(store, starter_pack=False)
    path = databank(tmp_path / "mixed.csv", unknown_names(3_000), known=["Kazakhstan", "Kyrgyz Republic"])
    report = load_file(path, store=store)
    assert report.added == 4 and len(report.unmatched) == 3_000
    lines = report.lines()
    assert len(lines) < 60 and any("and 2,980 more names" in line for line in lines)


def test_matching_time_grows_with_the_names_not_their_square() -> None:
    def seconds(n: int) -> float:
        names = pd.Series(unknown_names(n, seed=n))
        start = time.process_time()
        found = countries.harmonize(names)
        assert len(found.unmatched) == n
        return time.process_time() - start

    seconds(100)  # reference tables loaded
    small, large = seconds(5_000), seconds(50_000)
    print(f"\nharmonize: 5,000 names {small:.2f} s, 50,000 names {large:.2f} s of processor time")
    assert large < 25 * max(small, 0.01)  # 10 times the names: well under 100 times the time


def test_suggestions_come_from_the_index_and_stay_good() -> None:
    assert countries.suggest("Kazakstan")[0] == ("KAZ", "Kazakhstan")
    assert countries.suggest("Республика Казахстн")[0][0] == "KAZ"
    start = time.process_time()
    for name in unknown_names(2_000):
        countries.suggest(name)
    per_name = (time.process_time() - start) / 2_000
    print(f"\nsuggest: {per_name * 1000:.2f} ms of processor time per name")
    assert per_name < 0.05
