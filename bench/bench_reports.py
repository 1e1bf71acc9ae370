"""Exports benchmark: first export (browser start), one chart PNG warm, a 10-chart DOCX country brief.

Run: `python bench/bench_reports.py [--repeat 5]`. Targets: PNG warm under 0.5 s, 10-chart DOCX under 10 s; the
browser start is reported on its own. Ratios are against baselines measured in this run (serialising the same
figure to JSON; computing the brief's numbers without drawing), since the machines here are shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import plotly.io as pio  # noqa: E402

from etl.setup_store import init_store  # noqa: E402
from reports import brief, images  # noqa: E402
from store import Store  # noqa: E402


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        init_store(store)
        with store.reader() as con:
            made = brief.build(con, "KAZ", "ru", "CA", max_charts=10, render=False)
            chart = made.charts[1]
            first, _ = timed(lambda: images.to_png(chart.fig, chart.meta))
            warm = [timed(lambda: images.to_png(chart.fig, chart.meta))[0] for _ in range(args.repeat)]
            baseline_json = statistics.median(timed(lambda: pio.to_json(chart.fig))[0] for _ in range(args.repeat))
            numbers = statistics.median(
                timed(lambda: brief.build(con, "KAZ", "ru", "CA", max_charts=10, render=False))[0]
                for _ in range(3))
            docx_runs = []
            for _ in range(3):
                seconds, made = timed(lambda: brief.build(con, "KAZ", "ru", "CA", max_charts=10))
                seconds += timed(lambda made=made: brief.to_docx(made))[0]
                docx_runs.append(seconds)
            pdf_seconds, _ = timed(lambda: brief.docx_to_pdf(brief.to_docx(made)))
    png_warm = statistics.median(warm)
    docx = statistics.median(docx_runs)
    print(f"first export (browser start + 1 PNG): {first:.2f} s")
    print(f"PNG warm, median of {args.repeat}: {png_warm:.3f} s (target < 0.5 s) "
          f"= {png_warm / baseline_json:.0f}x serialising the figure ({baseline_json * 1000:.1f} ms)")
    print(f"DOCX brief, {len(made.charts)} charts, median of 3: {docx:.2f} s (target < 10 s) "
          f"= {docx / numbers:.0f}x computing its numbers alone ({numbers:.2f} s)")
    print(f"PDF of that brief through LibreOffice: {pdf_seconds:.2f} s")
    print("PASS" if png_warm < 0.5 and docx < 10 else "OVER TARGET")


if __name__ == "__main__":
    main()
