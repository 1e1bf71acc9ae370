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
    ids, uniques = pd.factorize(np.asarray(values, dtype=object) if not isinstance(values, pd.Series)
                                or values.dtype == object else values, use_na_sentinel=True)
    texts = [str(u) for u in uniques]
    if fix is not None:
        texts = [fix(t) for t in texts]
    return pd.Series(pd.array(take_texts(texts, ids), dtype="string"), index=index, copy=False)


def take_texts(texts: list[str | None], ids: np.ndarray) -> pa.Array:
    """An Arrow string array holding texts[ids[i]] for each i; -1 (and a None text) is missing."""
    ids = np.asarray(ids, dtype=np.int64)
    missing = ids < 0
    table = pa.array(texts, type=pa.large_string())
    return table.take(pa.array(np.where(missing, 0, ids), mask=missing)) if len(texts) else \
        pa.nulls(len(ids), type=pa.large_string())
