"""What the reading process sends back: plain values and listed dataclasses as JSON, tables as Arrow IPC files.

Nothing is unpickled on the way back: the reading process handles untrusted bytes, so what it returns is data
that the server decodes into the types listed in ALLOWED, never code. Each DataFrame column keeps its dtype;
object columns keep None apart from NaN and keep each cell's type (a country code may be text on one row and
a number on the next, as the file wrote it). An Arrow table (the recipe engine's observations) goes as it is, and
comes back as an Arrow table of plain columns (numbers, texts, dictionaries of them), checked and without metadata.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePath

import numpy as np
import pandas as pd
import pyarrow as pa

RESULT = "result.json"
ALLOWED: dict[str, type] = {}  # "module:qualname" -> the dataclass `load` may build


def allow(*classes: type) -> None:
    """Let `load` build these dataclasses (the reading process may send them)."""
    for cls in classes:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls!r} is not a dataclass")
        ALLOWED[_name(cls)] = cls


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


# ---- writing (in the reading process) ---------------------------------------------------------------------


def dump(value: object, folder: Path) -> None:
    """Write `value` into `folder`: result.json last (renamed into place), each data frame as frame-N.arrow."""
    frames: list[str] = []
    document = json.dumps(_encode(value, folder, frames), ensure_ascii=False, allow_nan=True)
    tmp = folder / (RESULT + ".part")
    tmp.write_text(document, encoding="utf-8")
    os.replace(tmp, folder / RESULT)


def _encode(value: object, folder: Path, frames: list[str]) -> object:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else {"$float": repr(float(value))}
    if isinstance(value, np.bool_):
        return bool(value)
    if value is pd.NA:
        return {"$na": True}
    if value is pd.NaT:
        return {"$nat": True}
    if isinstance(value, pd.Timestamp):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$timedelta": value.total_seconds()}
    if isinstance(value, PurePath):
        return {"$path": str(value)}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, list):
        return [_encode(v, folder, frames) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v, folder, frames) for v in value]}
    if isinstance(value, set | frozenset):
        return {"$set": [_encode(v, folder, frames) for v in value]}
    if isinstance(value, dict):
        return {"$dict": [[_encode(k, folder, frames), _encode(v, folder, frames)] for k, v in value.items()]}
    if isinstance(value, pd.DataFrame):
        name = _next_file(frames)
        return {"$frame": name, **_write_frame(value, folder / name, folder, frames)}
    if isinstance(value, pa.Table):
        name = _next_file(frames)
        _write_table(value, folder / name)
        return {"$arrow": name, "rows": value.num_rows}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if _name(cls) not in ALLOWED:
            raise TypeError(f"{_name(cls)} is not allowed across the reading process boundary")
        fields = {f.name: _encode(getattr(value, f.name), folder, frames) for f in dataclasses.fields(value)
                  if f.init}
        return {"$dataclass": _name(cls), "fields": fields}
    raise TypeError(f"cannot send a {type(value).__name__} back from the reading process")


def _next_file(frames: list[str]) -> str:
    """The name of the next table's IPC file in the job folder, listed in `frames`."""
    frames.append(f"frame-{len(frames)}.arrow")
    return frames[-1]


# Cell kinds of an object column that holds more than text and None: each cell goes as text plus its kind.
_KINDS = ["none", "str", "float", "int", "bool", "datetime", "date", "time", "timedelta", "na", "timestamp", "nat",
          "value"]


def _kind_of(v: object) -> int:
    if v is None:
        return 0
    if isinstance(v, str):
        return 1
    if v is pd.NA:
        return 9
    if v is pd.NaT:
        return 11
    if isinstance(v, bool | np.bool_):
        return 4
    if isinstance(v, float | np.floating):
        return 2
    if isinstance(v, int | np.integer):
        return 3
    if isinstance(v, pd.Timestamp):
        return 10
    if isinstance(v, datetime):
        return 5
    if isinstance(v, date):
        return 6
    if isinstance(v, time):
        return 7
    if isinstance(v, timedelta):
        return 8
    return 12  # anything else (a list of answer codes, ...) goes as an encoded value


def _cell_text(v: object, kind: int) -> str | None:
    if kind in (0, 9, 11):
        return None
    if kind == 2:
        return repr(float(v))
    if kind == 3:
        return str(int(v))
    if kind == 4:
        return "1" if v else "0"
    if kind in (5, 6, 7, 10):
        return v.isoformat()
    if kind == 8:
        return repr(v.total_seconds())
    return v


def _write_frame(frame: pd.DataFrame, path: Path, folder: Path, frames: list[str]) -> dict:
    arrays, names, columns = [], [], []
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j]
        meta, found = _column(column, folder, frames)
        for suffix, array in found.items():
            arrays.append(array)
            names.append(f"c{j}{suffix}")
        columns.append({"name": _encode(frame.columns[j], folder, frames), **meta})
    index = frame.index
    if isinstance(index, pd.RangeIndex):
        index_meta: dict = {"range": [index.start, index.stop, index.step]}
    else:
        meta, found = _column(pd.Series(index.to_numpy(), dtype=index.dtype), folder, frames)
        for suffix, array in found.items():
            arrays.append(array)
            names.append(f"index{suffix}")
        index_meta = {"column": meta}
    table = pa.Table.from_arrays(arrays, names=names) if arrays else pa.table({"_rows": pa.nulls(len(frame))})
    _write_table(table, path)
    index_meta["name"] = _encode(index.name, folder, frames)
    return {"rows": len(frame), "columns": columns, "index": index_meta}


def _write_table(table: pa.Table, path: Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _column(column: pd.Series, folder: Path, frames: list[str]) -> tuple[dict, dict[str, pa.Array]]:
    """A column as Arrow arrays and what is needed to give it back its dtype."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "O":
        values = column.to_numpy()
        # Text and None, the usual case (codes, names, sheet and column names repeated on every row): each
        # distinct text once, and a code per row, all in C.
        try:
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
        except TypeError:  # cells that cannot be hashed (lists of answer codes): each cell on its own below
            codes, uniques = None, [None]
        if codes is not None and all(type(u) is str for u in uniques) and (
                values[codes < 0] == None).all():  # noqa: E711 - elementwise: None, not NaN or NA
            indices = pa.array(codes.astype(np.int32), mask=codes < 0)
            return ({"dtype": "object", "cells": "dictionary"},
                    {"": pa.DictionaryArray.from_arrays(indices, pa.array(uniques, type=pa.string()))})
        kinds = np.fromiter(map(_kind_of, values), dtype=np.int8, count=len(values))
        texts = [json.dumps(_encode(v, folder, frames), ensure_ascii=False) if k == 12 else _cell_text(v, k)
                 for v, k in zip(values, kinds.tolist(), strict=True)]
        return ({"dtype": "object", "cells": "tagged"},
                {"": pa.array(texts, type=pa.string()), ".kind": pa.array(kinds, type=pa.int8())})
    if isinstance(dtype, pd.CategoricalDtype):
        categories = [_encode(c, folder, frames) for c in dtype.categories]
        return ({"dtype": "category", "ordered": bool(dtype.ordered), "categories": categories},
                {"": pa.array(column.cat.codes.to_numpy())})  # as narrow as pandas keeps them (int8 for < 128)
    if isinstance(dtype, np.dtype):
        return {"dtype": str(dtype)}, {"": pa.array(column.to_numpy())}
    return {"dtype": str(dtype)}, {"": pa.array(column)}


# ---- reading (in the server) ----------------------------------------------------------------------------------


class WireError(Exception):
    """The reading process sent back something that is not a well-formed result."""


def load(folder: Path) -> object:
    """What `dump` wrote into `folder`, built only from plain values, Arrow data and ALLOWED dataclasses."""
    try:
        document = json.loads((folder / RESULT).read_text(encoding="utf-8"))
        return _decode(document, folder)
    except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError, pa.ArrowException) as e:
        raise WireError(f"unreadable result from the reading process: {type(e).__name__}: {e}") from None


def _decode(value: object, folder: Path) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_decode(v, folder) for v in value]
    if not isinstance(value, dict) or len(value) == 0:
        raise WireError(f"unexpected value {value!r:.80}")
    tag = next(iter(value))
    body = value[tag]
    if tag == "$float":
        return float(body)
    if tag == "$na":
        return pd.NA
    if tag == "$nat":
        return pd.NaT
    if tag == "$timestamp":
        return pd.Timestamp(body)
    if tag == "$datetime":
        return datetime.fromisoformat(body)
    if tag == "$date":
        return date.fromisoformat(body)
    if tag == "$time":
        return time.fromisoformat(body)
    if tag == "$timedelta":
        return timedelta(seconds=body)
    if tag == "$path":
        return Path(body)
    if tag == "$bytes":
        return base64.b64decode(body, validate=True)
    if tag == "$tuple":
        return tuple(_decode(v, folder) for v in body)
    if tag == "$set":
        return {_decode(v, folder) for v in body}
    if tag == "$dict":
        return {_decode(k, folder): _decode(v, folder) for k, v in body}
    if tag == "$frame":
        return _read_frame(value, folder)
    if tag == "$arrow":
        return _read_arrow(value, folder)
    if tag == "$dataclass":
        cls = ALLOWED.get(body)
        if cls is None:
            raise WireError(f"{body} is not allowed across the reading process boundary")
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        fields = value["fields"]
        if not set(fields) <= names:
            raise WireError(f"{body} has no fields {sorted(set(fields) - names)}")
        return cls(**{k: _decode(v, folder) for k, v in fields.items()})
    raise WireError(f"unknown tag {tag!r:.40}")


def _read_table(name: str, rows: int, folder: Path) -> pa.Table:
    """The IPC file `name` of the job folder, its buffers checked (offsets, dictionary indices, UTF-8)."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise WireError(f"bad frame name {name!r:.40}")
    with pa.memory_map(str(folder / name), "r") as source:
        table = pa.ipc.open_file(source).read_all()
    table.validate(full=True)
    if table.num_rows != rows:
        raise WireError(f"{name}: {table.num_rows} rows, {rows} announced")
    return table


def _read_arrow(meta: dict, folder: Path) -> pa.Table:
    """An Arrow table as sent, once each column is plain: no extension or nested types (nothing that names code
    to run or a type to build), and no metadata (pandas reads a table's metadata to rebuild its frame)."""
    table = _read_table(meta["$arrow"], meta["rows"], folder)
    odd = [f"{field.name}: {field.type}" for field in table.schema if not _plain(field.type)]
    if odd:
        raise WireError(f"{meta['$arrow']}: columns of types not sent by the readers ({', '.join(odd)[:200]})")
    return pa.Table.from_arrays(table.columns, schema=pa.schema([pa.field(f.name, f.type) for f in table.schema]))


def _plain(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        return pa.types.is_integer(kind.index_type) and not pa.types.is_dictionary(kind.value_type) and \
            _plain(kind.value_type)
    return not isinstance(kind, pa.ExtensionType) and any(is_kind(kind) for is_kind in (
        pa.types.is_null, pa.types.is_boolean, pa.types.is_integer, pa.types.is_floating, pa.types.is_string,
        pa.types.is_large_string, pa.types.is_date, pa.types.is_timestamp, pa.types.is_time, pa.types.is_duration))


def _read_frame(meta: dict, folder: Path) -> pd.DataFrame:
    table = _read_table(meta["$frame"], meta["rows"], folder)
    rows = meta["rows"]
    data = {}
    for j, column in enumerate(meta["columns"]):
        data[j] = _restore(column, table, f"c{j}", folder)
    index_meta = meta["index"]
    if "range" in index_meta:
        start, stop, step = index_meta["range"]
        index = pd.RangeIndex(int(start), int(stop), int(step))
    else:
        index = pd.Index(_restore(index_meta["column"], table, "index", folder))
    frame = pd.DataFrame(data, copy=False) if data else pd.DataFrame(index=pd.RangeIndex(rows))
    frame.index = index.rename(_decode(index_meta.get("name"), folder))
    if meta["columns"]:
        frame.columns = pd.Index([_decode(c["name"], folder) for c in meta["columns"]])
    return frame


def _restore(meta: dict, table: pa.Table, name: str, folder: Path) -> pd.Series:
    dtype = meta["dtype"]
    array = table.column(name).combine_chunks()
    if dtype == "object":
        if meta["cells"] == "dictionary":
            codes = array.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            texts = np.append(array.dictionary.to_numpy(zero_copy_only=False).astype(object), None)
            if len(codes) and (codes.min() < -1 or codes.max() >= len(texts) - 1):
                raise WireError(f"{name}: text codes out of range")
            return pd.Series(texts[codes], dtype=object)  # -1 picks the None at the end
        texts = array.to_numpy(zero_copy_only=False)
        kinds = table.column(name + ".kind").combine_chunks().to_numpy(zero_copy_only=False)
        return pd.Series([_decode(json.loads(t), folder) if k == 12 else _cell(t, int(k))
                          for t, k in zip(texts, kinds, strict=True)], dtype=object)
    if dtype == "category":
        categories = pd.Index([_decode(c, folder) for c in meta["categories"]])
        codes = array.to_numpy(zero_copy_only=False)
        if len(codes) and (codes.min() < -1 or codes.max() >= len(categories)):
            raise WireError(f"{name}: category codes out of range")
        return pd.Series(pd.Categorical.from_codes(codes, categories=categories, ordered=bool(meta["ordered"])))
    target = pd.api.types.pandas_dtype(dtype)
    if isinstance(target, np.dtype) and target.kind in "biufcmM" and array.null_count == 0:
        return pd.Series(array.to_numpy(zero_copy_only=False).astype(target, copy=False))
    return pd.Series(array.to_pandas()).astype(target)


def _cell(text: str | None, kind: int) -> object:
    name = _KINDS[kind]
    if name == "none":
        return None
    if name == "na":
        return pd.NA
    if name == "nat":
        return pd.NaT
    if name == "str":
        return text
    if name == "float":
        return float(text)
    if name == "int":
        return int(text)
    if name == "bool":
        return text == "1"
    if name == "datetime":
        return datetime.fromisoformat(text)
    if name == "timestamp":
        return pd.Timestamp(text)
    if name == "date":
        return date.fromisoformat(text)
    if name == "time":
        return time.fromisoformat(text)
    return timedelta(seconds=float(text))
