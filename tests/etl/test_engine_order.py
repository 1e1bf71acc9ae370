"""The recipe engine's order of the observations: by sheet, row, indicator code and year, stable, missing last."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from etl.recipes.engine import _in_file_order


@pytest.mark.parametrize("seed", range(4))
def test_the_observations_come_in_file_order(seed: int) -> None:
    """Random keys, some missing, in chunks with dictionaries of their own, against Python's sort of the tuples."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))

    def texts(k: int) -> list:
        return [None if rng.random() < 0.05 else f"t{int(rng.integers(0, k))}" for _ in range(n)]

    def numbers(high: int) -> list:
        return [None if rng.random() < 0.05 else int(rng.integers(0, high)) for _ in range(n)]

    sheet, code, row, year = texts(4), texts(30), numbers(500), numbers(2030)
    half = n // 2

    def chunked(values: list, dictionary: bool) -> pa.ChunkedArray:
        kind = pa.string() if dictionary else pa.int64()
        parts = [pa.array(values[:half], kind), pa.array(values[half:], kind)]
        return pa.chunked_array([p.dictionary_encode() for p in parts] if dictionary else parts)

    columns = {"sheet": chunked(sheet, True), "row": chunked(row, False), "indicator_code": chunked(code, True),
               "year": chunked(year, False), "i": pa.chunked_array([pa.array(range(n))])}
    got = _in_file_order(columns)["i"].to_pylist()

    def last(v: object) -> tuple:
        return (v is None, v if v is not None else 0)

    assert got == sorted(range(n), key=lambda i: (last(sheet[i]), last(row[i]), last(code[i]), last(year[i])))


def test_missing_years_and_sheets_come_last() -> None:
    sheet = pa.array(["b", "a", "a", "a", "a", None]).dictionary_encode()
    code = pa.array(["x.z", "x.y", "x.z", "x.y", "x.y", "x.y"]).dictionary_encode()
    columns = {"sheet": pa.chunked_array([sheet]), "row": pa.chunked_array([pa.array([1, 9, 2, 2, 2, 1])]),
               "indicator_code": pa.chunked_array([code]),
               "year": pa.chunked_array([pa.array([2020, 2019, 2021, None, 2018, 2000])]),
               "value": pa.chunked_array([pa.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])])}
    assert _in_file_order(columns)["value"].to_pylist() == [5.0, 4.0, 3.0, 2.0, 1.0, 6.0]
