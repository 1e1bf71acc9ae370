"""Many viewers while data changes: browser sessions on two dashboard servers sharing one store change widgets on
the compare and profile pages, first with no load running (the baseline), then while loads and rollbacks commit
new versions of the store from another process; errors seen (goal 0) and interaction times, p50 and p95.

    python bench/bench_viewers.py [--sessions 20] [--seconds 60]

An interaction is picking another option in a selectbox (indicator, year, highlighted country; baseline year,
theme) and waiting until the page has run again: no element marked stale, the chart drawn. Errors are what a
viewer would see or the browser would log: an exception box, an error box, a page error, a console error, an
HTTP status of 400 or more (Streamlit's base-path probes at a deep link excepted, as in tests/e2e).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
WIDGETS = {"compare": ["cmp_ind", "cmp_year", "cmp_focus"], "profile": ["cmp_focus", "prof_base", "prof_theme"]}
LOADS = ["wgi/wgidataset_2024_update.xlsx", "cpi/CPI2023_Global_Results__Trends.xlsx", "egdi/EGOV_DATA_2022.csv"]
PROBE = re.compile(r"/[a-z]+/_stcore/(health|host-config)$")
PROBE_REPORT = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "HUB_DATA_DIR": str(store_dir), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.headless",
         "true", "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"the dashboard on port {port} did not start")


class Loader(threading.Thread):
    """Loads real files and rolls them back from another process, over and over: a new version every few
    seconds."""

    def __init__(self, store_dir: Path):
        super().__init__(daemon=True)
        self.store_dir, self.stop = store_dir, threading.Event()
        self.commits, self.failures = 0, []

    def etl(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "HUB_DATA_DIR": str(self.store_dir), "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True)

    def run(self) -> None:
        from tests.conftest import real_file

        files = [real_file(name) for name in LOADS]
        k = 0
        while not self.stop.is_set():
            done = self.etl("load", str(files[k % len(files)]))
            k += 1
            if done.returncode != 0:
                self.failures.append(done.stderr[-500:])
                continue
            self.commits += 1
            batch = re.search(r"loaded as batch (\d+)", done.stdout)
            if batch and not self.stop.is_set():
                if self.etl("rollback", batch.group(1)).returncode == 0:
                    self.commits += 1


async def settle(page, timeout: float = 120_000) -> None:
    await page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout)
    await page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0",
                                 timeout=timeout)
    await page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout)


async def session(browser, url: str, page_name: str, seed: int, start: float, phases: list, results: dict) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 1000})
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and m.text != PROBE_REPORT else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}")
            if r.status >= 400 and not PROBE.search(r.url) else None)
    rng = random.Random(seed)
    await page.goto(f"{url}/{page_name}")
    await settle(page)
    await asyncio.sleep(max(0.0, start - time.time()))  # every session begins together
    for name, until in phases:
        while time.time() < until:
            key = rng.choice(WIDGETS[page_name])
            box = page.locator(f".st-key-{key} [data-baseweb='select']").first
            try:
                await box.click(timeout=30_000)
                options = page.locator("[role='option']")
                await options.first.wait_for(timeout=30_000)
                n = await options.count()
                start = time.perf_counter()
                await options.nth(rng.randrange(min(n, 40))).click(timeout=30_000)
                try:
                    await page.wait_for_selector("[data-stale='true']", timeout=1_500)
                except Exception:  # noqa: BLE001 - a run so quick that nothing was marked stale
                    pass
                await settle(page)
                results[name]["times"].append(time.perf_counter() - start)
            except Exception as e:  # noqa: BLE001 - counted: a viewer would have seen a page that did not answer
                results[name]["errors"].append(f"{page_name}: {type(e).__name__}: {str(e)[:160]}")
                await page.goto(f"{url}/{page_name}")
                await settle(page)
            shown = await page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
            if shown:
                text = await page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]'
                                          ).first.inner_text()
                results[name]["errors"].append(f"{page_name}: on the page: {text[:200]}")
            if errors:
                results[name]["errors"] += [f"{page_name}: browser: {e[:200]}" for e in errors]
                errors.clear()
    await context.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def drive(urls: list[str], sessions: int, seconds: float, loader: Loader) -> dict:
    from playwright.async_api import async_playwright

    results = {phase: {"times": [], "errors": []} for phase in ("no loads", "loads committing")}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # every session opens its page first; the phases start once all have (a cold first run is not timed)
        start = time.time() + 30 + 4 * sessions
        phases = [("no loads", start + seconds / 2), ("loads committing", start + seconds)]

        async def begin_loads() -> None:
            await asyncio.sleep(max(0.0, phases[0][1] - time.time()))
            loader.start()

        tasks = [session(browser, urls[i % len(urls)], "compare" if i % 2 == 0 else "profile", i, start, phases,
                         results) for i in range(sessions)]
        await asyncio.gather(begin_loads(), *tasks)
        await browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60, help="both phases together")
    args = parser.parse_args()
    from etl.setup_store import init_store
    from store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        init_store(store)
        ports = [free_port(), free_port()]
        servers = [start_server(store.dir, port) for port in ports]
        loader = Loader(store.dir)
        try:
            results = asyncio.run(drive([f"http://localhost:{p}" for p in ports], args.sessions, args.seconds,
                                        loader))
        finally:
            loader.stop.set()
            if loader.is_alive():
                loader.join(timeout=300)
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
    report = {"sessions": args.sessions, "servers": 2, "seconds": args.seconds, "commits_during_run": loader.commits,
              "loader_failures": loader.failures}
    print(f"{args.sessions} browser sessions on 2 dashboard servers sharing one store, {args.seconds:g} s:")
    for phase, found in results.items():
        times = found["times"]
        summary = {"interactions": len(times), "errors": len(found["errors"]),
                   "p50_s": round(percentile(times, 0.5), 3), "p95_s": round(percentile(times, 0.95), 3),
                   "mean_s": round(statistics.fmean(times), 3) if times else None}
        report[phase] = {**summary, "first_errors": found["errors"][:10]}
        print(f"  {phase:17s} {summary['interactions']:4d} interactions, {summary['errors']} errors, "
              f"p50 {summary['p50_s']:.2f} s, p95 {summary['p95_s']:.2f} s")
        for error in found["errors"][:10]:
            print(f"      {error}")
    base, busy = report["no loads"], report["loads committing"]
    if base["p50_s"] and busy["p50_s"]:
        print(f"  while loads commit: p50 x{busy['p50_s'] / base['p50_s']:.2f}, "
              f"p95 x{busy['p95_s'] / base['p95_s']:.2f} against no loads; {loader.commits} versions published "
              "meanwhile")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
