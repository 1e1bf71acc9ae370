"""What the fork server does once, before it forks any reading process: import the readers, fill the reference
caches they use (catalogue, survey datasets), and read one small file and encode the result, so that the lazy
imports of pandas and pyarrow are done. Each reading process then starts with all of it, for a fork's price."""

from __future__ import annotations

import tempfile
from pathlib import Path

import etl.guard.tasks as tasks
import etl.guard.wire as wire
from etl import catalogue

SAMPLE = ("Country Name,Country Code,Series Name,Series Code,2021 [YR2021],2022 [YR2022]\n"
          "Kazakhstan,KAZ,Government Effectiveness: Estimate,GE.EST,0.1,0.2\n")


def warm() -> None:
    catalogue.indicators()
    catalogue.themes()
    with tempfile.TemporaryDirectory(prefix="hub-guard-warm-") as folder:
        sample = Path(folder) / "sample.csv"
        sample.write_text(SAMPLE, encoding="utf-8")
        parsed = tasks.read_file(sample, None, None, None, None, None, True)
        wire.dump({"kind": "ok", "value": parsed}, Path(folder))
        wire.load(Path(folder))


warm()
