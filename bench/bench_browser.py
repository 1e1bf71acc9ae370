"""Browser benchmark: what the user waits for, measured in Debian's Chromium driven by Playwright.

Serves the dashboard over a store of real published data and measures, in one run:
- a fresh session's first page (a new browser context: no cookies, no cache, a new Streamlit session) from the
  navigation to the page settled (script finished, nothing stale, every chart drawn), on a warm server;
- one widget change on the compare, profile and survey pages, from the change (option picked) to the page
  settled again: p50 and p95 over the repeats.

The store: `--store DIR` (a store folder, e.g. data/store after `python -m etl init`), else one built in a
temporary folder from the real WGI 2024, UN E-Government 2022, CPI 2023 and GSPS files in ../shared/real-data
with `python -m etl load`. Targets (issue 11): a change < 1 s at p95, a fresh session's first page < 3 s.
Run: python bench/bench_browser.py [--store DIR] [--repeats 20]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-data"
REAL_FILES = ("wgi/wgidataset_2024_update.xlsx", "egdi/EGOV_DATA_2022.csv", "cpi/CPI2023_Global_Results__Trends.xlsx",
              "surveys/gsps_national_all_respondents.csv")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Counts script runs (transitions to "running") so that a change is timed to the end of the run it caused.
OBSERVER = """() => {
  if (window.__hubRuns !== undefined) return;
  window.__hubRuns = 0;
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) { setTimeout(watch, 20); return; }
    let last = app.getAttribute('data-test-script-state');
    new MutationObserver(() => {
      const now = app.getAttribute('data-test-script-state');
      if (now === 'running' && last !== 'running') window.__hubRuns += 1;
      last = now;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  };
  watch();
}"""

# Settled: the script is not running, no element is stale (greyed, waiting for the rerun), every Plotly chart
# on the page has drawn its SVG, and the status widget (running man) is gone.
SETTLED = """(runs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || (window.__hubRuns || 0) < runs) return false;
  const state = app.getAttribute('data-test-script-state');
  if (state !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!chart.querySelector('.main-svg')) return false;
  }
  return document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length > 3;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(directory: Path) -> None:
    """A store of the real published files, loaded the way a user loads them (`python -m etl load`)."""
    env = {**os.environ, "HUB_DATA_DIR": str(directory)}
    subprocess.run([sys.executable, "-m", "etl", "init", "--no-demo"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    for name in REAL_FILES:
        path = REAL / name
        assert path.is_file(), f"real data missing: {path}"
        subprocess.run([sys.executable, "-m", "etl", "load", str(path)], cwd=ROOT, env=env, check=True,
                       capture_output=True)


def serve(store: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "HUB_DATA_DIR": str(store), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the dashboard did not start")


def wait_settled(pg: Page, runs: int, timeout: float = 60_000) -> None:
    pg.wait_for_function(SETTLED, arg=runs, timeout=timeout, polling=10)
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def open_page(pg: Page, url: str) -> float:
    """Seconds from navigation to the page settled."""
    start = time.perf_counter()
    pg.goto(url)
    pg.evaluate(OBSERVER)
    wait_settled(pg, 0)
    return time.perf_counter() - start


def pick(pg: Page, label: str, option: str) -> float:
    """Pick `option` in the selectbox labelled `label`; seconds from the pick to the page settled again."""
    runs = pg.evaluate("() => window.__hubRuns")
    box = pg.get_by_label(label, exact=True).first
    box.click()
    box.fill(option)  # long lists are virtualised: filter to the option first
    pg.get_by_role("option", name=option, exact=True).first.wait_for(timeout=10_000)
    start = time.perf_counter()
    pg.get_by_role("option", name=option, exact=True).first.click()
    wait_settled(pg, runs + 1)
    return time.perf_counter() - start


def options_of(pg: Page, label: str) -> tuple[list[str], str]:
    """The options of the selectbox labelled `label`, and the one selected now."""
    box = pg.get_by_label(label, exact=True).first
    box.click()
    pg.wait_for_selector('[role="option"]', timeout=10_000)
    names, selected = [], ""
    for option in pg.locator('[role="option"]').all():
        names.append(option.inner_text().strip())
        if option.get_attribute("aria-selected") == "true":
            selected = names[-1]
    pg.keyboard.press("Escape")
    return names, selected


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def changes(pg: Page, url: str, label: str, repeats: int, choose: Callable[[list[str]], list[str]]) -> list[float]:
    """Open `url`, then change the selectbox `label` `repeats` times, cycling through the chosen options."""
    open_page(pg, url)
    options, selected = options_of(pg, label)
    wanted = [o for o in choose(options) if o != selected]  # every pick differs from the value before it
    assert len(wanted) >= 2, f"{label}: too few options to change between: {options}"
    times = []
    for i in range(repeats):
        times.append(pick(pg, label, wanted[i % len(wanted)]))
    return times


def report(name: str, times: list[float], target: float) -> None:
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    verdict = "meets" if p95 < target else "MISSES"
    print(f"{name:44} n={len(times):3d}  p50 {p50 * 1000:7.0f} ms  p95 {p95 * 1000:7.0f} ms  max "
          f"{max(times) * 1000:7.0f} ms  ({verdict} the {target:.0f} s target at p95)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, default=None, help="a store folder (default: build one from real files)")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            start = time.perf_counter()
            build_store(store)
            print(f"store of real files built with `etl load` in {time.perf_counter() - start:.1f} s: "
                  + ", ".join(REAL_FILES))
        port = free_port()
        proc = serve(store, port)
        url = f"http://localhost:{port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

                def fresh() -> Page:
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    return context.new_page()

                pg = fresh()
                cold = open_page(pg, f"{url}/compare")
                pg.context.close()
                print(f"first page on a cold server (imports, connection, caches): {cold * 1000:.0f} ms (not a target)")
                firsts: dict[str, list[float]] = {"overview": [], "compare": [], "profile": [], "survey": []}
                for _ in range(max(3, args.repeats // 4)):
                    for name in firsts:
                        pg = fresh()
                        firsts[name].append(open_page(pg, f"{url}/{name}"))
                        pg.context.close()
                for name, times in firsts.items():
                    report(f"fresh session, first page: {name}", times, 3)

                scenarios = [
                    ("compare: year changed", f"{url}/compare", "Year", lambda o: o[:8]),
                    ("compare: indicator changed", f"{url}/compare", "Indicator", lambda o: o[:6]),
                    ("profile: country changed", f"{url}/profile", "Country",
                     lambda o: ["Kazakhstan", "Georgia", "Armenia", "Uzbekistan", "Kyrgyzstan", "Azerbaijan"]),
                    ("survey: question changed", f"{url}/survey", "Question", lambda o: o[:8]),
                ]
                for name, page_url, label, choose in scenarios:
                    pg = fresh()
                    report(name, changes(pg, page_url, label, args.repeats, choose), 1)
                    pg.context.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"load average at end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
