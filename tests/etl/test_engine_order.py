"""The recipe engine's order of the observations (by sheet, row, indicator code and year, stable, missing last) and its
check that each key is read once."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from etl.recipes.engine import _in_file_order, _keys_unique


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


@pytest.mark.parametrize("seed", range(12))
def test_a_key_read_twice_is_found_as_the_pivot_groups_keys(seed: int) -> None:
    """Random keys (missing parts, chunks with dictionaries of their own, country codes or only names, a column of
    nothing), with and without a repeated key, against a set of the pivot's GROUP BY tuples; by the bitmap and by
    sorting."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 2000))

    def texts(k: int, missing: float = 0.05) -> list:
        return [None if rng.random() < missing else f"t{int(rng.integers(0, k))}" for _ in range(n)]

    code, name, breakdown = texts(40, 0.0), texts(300), texts(3, 0.5)
    country = texts(300, 0.6) if seed % 3 else [None] * n
    year = [None if rng.random() < 0.02 else int(y) for y in rng.integers(1990 - 500 * (seed % 2), 2030, n)]
    keys = [(code[i], country[i], name[i] if country[i] is None else None, year[i], breakdown[i]) for i in range(n)]
    if seed % 4 == 0:  # make the keys unique: a key read twice keeps its first row only
        first = {k: i for i, k in reversed(list(enumerate(keys)))}
        keep = sorted(first.values())
        code, country, name, year, breakdown = ([v[i] for i in keep] for v in (code, country, name, year, breakdown))
        keys, n = [keys[i] for i in keep], len(keep)
    half = n // 2

    def chunked(values: list) -> pa.ChunkedArray:
        if all(v is None for v in values) and seed % 3 == 0:
            return pa.chunked_array([pa.nulls(n)])
        parts = [pa.array(values[:half], pa.string()), pa.array(values[half:], pa.string())]
        return pa.chunked_array([p.dictionary_encode() for p in parts])

    table = pa.table({"indicator_code": chunked(code), "country_name": chunked(name), "country_code": chunked(country),
                      "year": pa.chunked_array([pa.array(year[:half], pa.int64()), pa.array(year[half:], pa.int64())]),
                      "breakdown": chunked(breakdown)})
    expected = len(set(keys)) == n
    assert _keys_unique(table) is expected
    assert _keys_unique(table, bitmap_limit=0) is expected
    if seed % 4 == 0:
        assert expected


def test_the_country_name_counts_only_where_there_is_no_code() -> None:
    def table(names: list, codes: list) -> pa.Table:
        return pa.table({"indicator_code": pa.array(["a", "a"]).dictionary_encode(),
                         "country_name": pa.array(names).dictionary_encode(),
                         "country_code": pa.array(codes, pa.string()).dictionary_encode(),
                         "year": pa.array([2020, 2020]), "breakdown": pa.array([None, None], pa.string())})

    for limit in (1 << 26, 0):
        assert not _keys_unique(table(["Kazakhstan", "Казахстан"], ["KAZ", "KAZ"]), bitmap_limit=limit)
        assert _keys_unique(table(["Kazakhstan", "Казахстан"], [None, None]), bitmap_limit=limit)
        assert _keys_unique(table(["Kazakhstan", "Kazakhstan"], ["KAZ", None]), bitmap_limit=limit)
        assert not _keys_unique(table(["Kazakhstan", "Kazakhstan"], [None, None]), bitmap_limit=limit)


def test_a_full_one_byte_dictionary_with_gaps_is_ordered_and_keyed() -> None:
    """256 texts under one-byte indices (as DuckDB sends an ENUM) with a missing cell: the missing value's code, one
    past the last text, does not fit the indices' own type."""
    texts = pa.array([f"t{i:03d}" for i in range(256)])
    codes = pa.chunked_array([pa.DictionaryArray.from_arrays(pa.array([255, None, 0], pa.uint8()), texts)])
    got = _in_file_order({"sheet": codes, "row": pa.chunked_array([pa.array([1, 1, 1])]), "indicator_code": codes,
                          "year": pa.chunked_array([pa.array([2020, 2020, 2020])]),
                          "i": pa.chunked_array([pa.array([0, 1, 2])])})
    assert got["i"].to_pylist() == [2, 0, 1]
    table = pa.table({"indicator_code": codes, "country_name": codes, "country_code": pa.nulls(3),
                      "year": pa.array([2020, 2020, 2020]), "breakdown": pa.nulls(3, pa.string())})
    assert _keys_unique(table) and _keys_unique(table, bitmap_limit=0)
