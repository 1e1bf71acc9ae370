"""Stand-ins for a reader that misbehaves, run in the guarded worker in place of the real one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np


def aborts(path: Path, *_: object) -> None:
    """A reader that panics the way a Rust library does: the process aborts (signal 6)."""
    os.write(2, b"thread '<unnamed>' panicked at src/xlsx.rs:1: index out of bounds\n")
    os.abort()


def allocates(path: Path, *_: object) -> None:
    """A reader that keeps asking for memory."""
    blocks = []
    while True:
        blocks.append(np.ones(64 * 1024 * 1024 // 8))


def spins(path: Path, *_: object) -> None:
    """A reader stuck in a loop."""
    while True:
        pass


def sleeps(path: Path, *_: object) -> None:
    """A reader waiting for ever."""
    time.sleep(3600)


def writes(path: Path, *_: object) -> bytes:
    """A reader whose result is larger than allowed."""
    return b"x" * (8 * 1024 * 1024)


def fails(path: Path, *_: object) -> None:
    raise KeyError("a reader's own bug")


def parsed_frame(path: Path, *_: object):
    """A reader that returns a Parsed with one of every kind of column the readers produce."""
    import datetime as dt

    import pandas as pd

    from etl.model import IndicatorMeta, Parsed, SourceMeta

    frame = pd.DataFrame({
        "indicator_code": ["wgi.ge", "wgi.ge", None], "country_name": ["Kazakhstan", 398.0, dt.date(2020, 1, 2)],
        "year": np.array([2020, 2021, 2022]), "value": [0.5, np.nan, float("inf")],
        "answers": pd.array([1, None, 5], dtype="Int16"), "sheet": pd.Categorical(["A", "B", None]),
        "text": pd.array(["x", None, "z"], dtype="string"), "codes": [[4, 5], [3], None],
        "many": pd.Categorical.from_codes([0, 299, -1], categories=[f"c{i}" for i in range(300)]),  # int16 codes
    })
    source = SourceMeta("wgi", "2024 update", "WGI", "World Bank", "CC BY 4.0", "cite")
    meta = IndicatorMeta("wgi.ge", "wgi", "GE", "ЭГУ", "d", "о", "score", -2.5, None, True, "governance")
    from core.errors import Problem
    return Parsed("wgi", source, frame, [meta], [Problem("m", file=path.name, row=3, value=dt.datetime(2020, 5, 1))])


def arrow_table(path: Path, *_: object):
    """A reader that returns the recipe engine's kind of table: dictionaries of texts (narrow and wide indices),
    a column of nothing, integers, floats with gaps, dates; with metadata pandas would read."""
    import datetime as dt

    import pyarrow as pa

    table = pa.table({
        "indicator_code": pa.array(["wgi.ge", "wgi.ge", None]).dictionary_encode().cast(
            pa.dictionary(pa.uint16(), pa.string())),
        "country_name": pa.array(["Kazakhstan", "Қазақстан", "Россия"]).dictionary_encode(),
        "country_code": pa.nulls(3), "year": pa.array([2020, 2021, 2022], pa.int64()),
        "value": pa.array([0.5, None, float("inf")]), "when": pa.array([dt.date(2020, 1, 2), None, None]),
    })
    return table.replace_schema_metadata({"pandas": '{"index_columns": [], "columns": []}'})


def nested_table(path: Path, *_: object):
    """A reading process sending a column of a type no reader makes (a list of structs)."""
    import pyarrow as pa

    return pa.table({"x": pa.array([[{"a": 1}], []])})


def refuses(path: Path, *_: object) -> None:
    from core.errors import Problem, ValidationError

    raise ValidationError("Missing columns", [Problem("no header", file=path.name, row=4)])


def preloaded(path: Path, *_: object) -> bool:
    """Whether the reading process came from a fork server that had imported the readers (its PRELOAD)."""
    import sys

    return "etl.guard.preload" in sys.modules


def reads_beside_limits(path: Path, *_: object) -> None:
    """A reader still reading (for an hour) while the limits pass beside it, as the tasks run it, finds a limit
    passed: the pass of etl.guard.limits with at most 2,000 rows a sheet."""
    from etl.guard import limits, process

    few = limits.FileLimits(**{**limits.FileLimits.from_settings().__dict__, "rows": 2_000})
    with limits.beside(path, few, refused=process.refused):
        time.sleep(3600)
