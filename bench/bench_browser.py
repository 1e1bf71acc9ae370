"""Browser benchmark: what the user waits for, measured in Debian's Chromium driven by Playwright.

Serves the dashboard over a store of real published data and measures, in one run:
- a fresh session's first page (a new browser context: no cookies, no cache, a new Streamlit session) from the
  navigation to the page settled (script finished, nothing stale, every chart drawn), on a warm server;
- one widget change on the compare, profile and survey pages, from the change (option picked) to the page
  settled again: p50 and p95 over the repeats.

The store: `--store DIR` (a store folder, e.g. data/store after `python -m etl init`), else one built in a
temporary folder from the real WGI 2024, UN E-Government 2022, CPI 2023 and GSPS files in ../shared/real-data
with `python -m etl load`. Targets (issue 11): a change < 1 s at p95, a fresh session's first page < 3 s.
The machine this runs on is shared: the wall-clock figures include time spent waiting for a core, so each line
also gives the CPU time the interaction cost, split into the dashboard's server process and the browser's processes
(read from /proc: what the same interaction would take on an idle machine of the same speed, with two cores).
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


TICK = os.sysconf("SC_CLK_TCK")


def _tree() -> dict[int, list[int]]:
    """parent pid -> child pids, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    return children


def cpu_seconds(root: int, exclude: int) -> tuple[float, float]:
    """(CPU seconds of process `exclude` (the server), of every other descendant of `root` (the browser))."""
    tree, server, browser = _tree(), 0.0, 0.0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(tree.get(pid, []))
        if pid == root:
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
        if pid == exclude:
            server += used
        else:
            browser += used
    return server, browser


class Meter:
    """Wall time and CPU time (server, browser) of one interaction."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid

    def __enter__(self) -> Meter:
        self.start = time.perf_counter()
        self.cpu = cpu_seconds(os.getpid(), self.server_pid)
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self.start
        after = cpu_seconds(os.getpid(), self.server_pid)
        self.server_cpu, self.browser_cpu = after[0] - self.cpu[0], after[1] - self.cpu[1]


METER: Meter | None = None  # set by main() once the server runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(directory: Path) -> None:
    """A store of the real published files, loaded the way a user loads them (`python -m etl load`)."""
    env = {**os.environ, "HUB_DATA_DIR": str(directory)}
    subprocess.run([sys.executable, "-m", "etl", "init", "--empty"], cwd=ROOT, env=env, check=True,
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


def open_page(pg: Page, url: str) -> tuple[float, float, float]:
    """(wall, server CPU, browser CPU) seconds from navigation to the page settled."""
    with Meter(METER.server_pid) as m:
        pg.goto(url)
        pg.evaluate(OBSERVER)
        wait_settled(pg, 0)
    return m.wall, m.server_cpu, m.browser_cpu


def pick(pg: Page, label: str, option: str) -> float:
    """Pick `option` in the selectbox labelled `label`; seconds from the pick to the page settled again."""
    runs = pg.evaluate("() => window.__hubRuns")
    box = pg.get_by_label(label, exact=True).first
    box.click()
    box.fill(option)  # long lists are virtualised: filter to the option first
    pg.get_by_role("option", name=option, exact=True).first.wait_for(timeout=10_000)
    with Meter(METER.server_pid) as m:
        pg.get_by_role("option", name=option, exact=True).first.click()
        wait_settled(pg, runs + 1)
    return m.wall, m.server_cpu, m.browser_cpu


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


def changes(pg: Page, url: str, label: str, repeats: int,
            choose: Callable[[list[str]], list[str]]) -> list[tuple[float, float, float]]:
    """Open `url`, then change the selectbox `label` `repeats` times, cycling through the chosen options."""
    open_page(pg, url)
    options, selected = options_of(pg, label)
    wanted = [o for o in choose(options) if o != selected]  # every pick differs from the value before it
    assert len(wanted) >= 2, f"{label}: too few options to change between: {options}"
    times = []
    for i in range(repeats):
        times.append(pick(pg, label, wanted[i % len(wanted)]))
    return times


def report(name: str, measured: list[tuple[float, float, float]], target: float) -> None:
    times = [m[0] for m in measured]
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    server = statistics.median(m[1] for m in measured)
    browser = statistics.median(m[2] for m in measured)
    verdict = "meets" if p95 < target else "misses"
    print(f"{name:38} n={len(times):3d}  wall p50 {p50 * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms  "
          f"({verdict} {target:.0f} s)   CPU p50: server {server * 1000:5.0f} ms, browser {browser * 1000:5.0f} ms")


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
        global METER
        METER = Meter(proc.pid)
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
                print(f"first page on a cold server (imports, connection, caches): {cold[0] * 1000:.0f} ms "
                      "(not a target)")
                # A fresh session: a new tab of a browser that has opened the dashboard before (its files cached,
                # as on an official's office PC), and a new browser profile (nothing cached: the worst case).
                cached = browser.new_context(viewport={"width": 1400, "height": 1000})
                warmup = cached.new_page()
                open_page(warmup, f"{url}/overview")
                warmup.close()
                pages = ("overview", "compare", "profile", "survey")
                firsts: dict[str, list] = {name: [] for name in pages}
                empty: dict[str, list] = {name: [] for name in pages}
                for _ in range(max(3, args.repeats // 4)):
                    for name in pages:
                        pg = cached.new_page()
                        firsts[name].append(open_page(pg, f"{url}/{name}"))
                        pg.close()
                        pg = fresh()
                        empty[name].append(open_page(pg, f"{url}/{name}"))
                        pg.context.close()
                for name in pages:
                    report(f"fresh session, first page: {name}", firsts[name], 3)
                for name in pages:
                    report(f"  same, no browser cache: {name}", empty[name], 3)
                cached.close()

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
