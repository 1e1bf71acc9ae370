"""Text columns of large tables: a categorical column (as the reading process sends one) gives what its texts give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.read.frames import text_categories, text_column
from etl.validate.prepare import _may_repeat_keys


@pytest.mark.parametrize("seed", range(4))
def test_a_categorical_column_gives_what_the_same_texts_give(seed: int) -> None:
    rng = np.random.default_rng(seed)
    names = [" Kazakhstan", "Kazakhstan ", "Armenia", "Viet Nam", "Азербайджан"]
    values = [None if rng.random() < 0.1 else names[int(rng.integers(0, len(names)))] for _ in range(500)]
    plain = pd.Series(values, dtype=object)
    category = plain.astype(pd.CategoricalDtype([*names, "unused"]))  # a category no row holds, as after a filter
    for fix, missing in [(None, None), (str.strip, None), (str.strip, "")]:
        got, expected = text_categories(category, fix, missing), text_categories(plain, fix, missing)
        assert got.astype(object).tolist() == expected.astype(object).tolist()
        assert list(got.cat.categories) == sorted(set(got.dropna()))
    assert text_column(category, str.strip).tolist() == text_column(plain, str.strip).tolist()


# 40 indicators: a flag for each possible key; 1,000: far more possible keys than rows, the keys sorted
@pytest.mark.parametrize(("repeat", "indicators"), [(False, 40), (True, 40), (False, 1000), (True, 1000)])
def test_repeated_keys_are_found_in_categorical_and_text_columns_alike(repeat: bool, indicators: int) -> None:
    n = 2000
    k = np.arange(n)  # every (indicator, country, year) once
    rows = pd.DataFrame({"indicator_code": [f"x.i{i}" for i in k % indicators],
                         "iso3": [["KAZ", "ARM", None][i] for i in k // indicators % 3],
                         "year": pd.array(1950 + k // 120, dtype="Int16"), "breakdown": [""] * n})
    if repeat:
        rows.loc[n - 1, ["indicator_code", "iso3", "year"]] = rows.loc[3, ["indicator_code", "iso3", "year"]]
    as_categories = rows.assign(indicator_code=rows["indicator_code"].astype("category"),
                                iso3=rows["iso3"].astype("category"))
    assert _may_repeat_keys(rows) is repeat
    assert _may_repeat_keys(as_categories) is repeat
