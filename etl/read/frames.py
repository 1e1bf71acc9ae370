"""Column conversions for large tables: each distinct value handled once, the rows filled in by Arrow in C."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa


def text_column(values: pd.Series | np.ndarray, fix: Callable[[str], str] | None = None,
                index: pd.Index | None = None) -> pd.Series:
    """`values` as a pandas "string" Series (like `.astype("string")`, then `fix` on each text if given).

    Missing cells (None, NaN, <NA>) stay missing; other objects become their str(). Each distinct value is
    converted once, so a column of millions of repeated names costs one factorize and one Arrow take."""
    if index is None and isinstance(values, pd.Series):
        index = values.index
    ids, texts = _distinct_texts(values, fix)
    return pd.Series(pd.array(take_texts(texts, ids), dtype="string"), index=index, copy=False)


def text_categories(values: pd.Series, fix: Callable[[str], str] | None = None,
                    missing: str | None = None) -> pd.Series:
    """`values` as a categorical text column, like `text_column` (then `fix` on each text if given, texts that
    become equal merged; missing cells become `missing` when given): each distinct value is turned into text
    once and each row holds a small code, so a column of millions of repeated names is never made into
    millions of texts (a categorical column costs one pass over its codes)."""
    ids, texts = _distinct_texts(values, fix)
    if missing is not None:
        texts.append(missing)
    merged, categories = pd.factorize(pd.Index(texts, dtype=object), sort=True)  # sorted: sorts as texts do
    # each row's code looked up by its number, one pass; the last entry is for the missing rows (number -1)
    code_of = merged if missing is not None else np.append(merged, -1)
    codes = code_of.astype(np.int8 if len(categories) < 2**7 else np.int16 if len(categories) < 2**15 else np.int32)
    return pd.Series(pd.Categorical.from_codes(codes[ids], categories=pd.Index(categories, dtype="str")),
                     index=values.index, copy=False)


def _distinct_texts(values: pd.Series | np.ndarray, fix: Callable[[str], str] | None) -> tuple[np.ndarray, list[str]]:
    """Each row's number among the distinct values (-1: missing) and each distinct value's str() (then fixed)."""
    ids, uniques = value_codes(values)
    texts = [str(u) for u in uniques]
    return ids, [fix(t) for t in texts] if fix is not None else texts


def value_codes(values: pd.Series | np.ndarray) -> tuple[np.ndarray, pd.Index | np.ndarray]:
    """Each row's number among the distinct values (-1: missing) and those values, in the order numbered: a
    categorical column's own codes and the categories rows hold (no pass of pandas' factorize over its rows), else
    pandas' factorize."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        ids, uniques = values.cat.codes.to_numpy(), values.cat.categories
        present = np.flatnonzero(np.bincount(ids[ids >= 0], minlength=len(uniques)))
        if len(present) < len(uniques):  # categories no row holds are left out, as factorize leaves them
            number = np.full(len(uniques), -1, dtype=np.int64)
            number[present] = np.arange(len(present))
            ids, uniques = np.where(ids < 0, -1, number[np.maximum(ids, 0)]), uniques[present]
        return ids, uniques
    return pd.factorize(np.asarray(values, dtype=object) if not isinstance(values, pd.Series)
                        or values.dtype == object else values, use_na_sentinel=True)


def take_texts(texts: list[str | None], ids: np.ndarray) -> pa.Array:
    """An Arrow string array holding texts[ids[i]] for each i; -1 (and a None text) is missing."""
    ids = np.asarray(ids, dtype=np.int64)
    missing = ids < 0
    table = pa.array(texts, type=pa.large_string())
    return table.take(pa.array(np.where(missing, 0, ids), mask=missing)) if len(texts) else \
        pa.nulls(len(ids), type=pa.large_string())


def all_distinct(key: np.ndarray, size: int, bitmap_limit: int | None = None) -> bool:
    """Whether the integer keys (each in [0, size)) are all different: a flag for each possible key marked, where
    the flags are no more than `bitmap_limit` bytes (default: 8 a key, the keys' own size), else the keys sorted (in
    place) and neighbours compared. Far less memory and time than a hash table of the keys."""
    if size <= (8 * len(key) if bitmap_limit is None else bitmap_limit):
        seen = np.zeros(size, dtype=np.bool_)
        seen[key] = True
        return int(np.count_nonzero(seen)) == len(key)
    key.sort()
    return not (key[1:] == key[:-1]).any()
