"""Browser fixtures: the dashboard served on a free port over a copy of the default store, and headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, sync_playwright

from store import Store
from tests.conftest import ROOT

ARTIFACTS = ROOT / "tests" / "_artifacts"
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, starter_template: Path) -> Iterator[tuple[str, Store]]:
    store = Store(tmp_path_factory.mktemp("e2e") / "store")
    shutil.copytree(starter_template, store.dir)  # the starter pack of published data, as ./run.sh builds it
    yield from serve(store)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[tuple[str, Store]]:
    store = Store(tmp_path_factory.mktemp("e2e-demo") / "demo-store")
    shutil.copytree(demo_template, store.dir)  # as python -m etl demo (./run.sh --demo) builds it
    yield from serve(store)


def serve(store: Store) -> Iterator[tuple[str, Store]]:
    """The dashboard over `store` on a free port, until the fixture ends (its output in server.log beside it)."""
    with dashboard(store, store.dir.parent / "server.log") as url:
        yield url, store


@contextmanager
def dashboard(store: Store, log: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` over `store` on a free port, its output written to `log`; yields its address.

    Another process (a second pytest worker starting its own dashboard) may take the port between the check and
    the start: Streamlit then stops at once ("Port ... is not available") and the next free port is tried.
    """
    env = {**os.environ, "HUB_DATA_DIR": str(store.dir), "PYTHONPATH": str(ROOT)}
    for _ in range(3):
        port = _free_port()
        with open(log, "w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                 "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True,
            )
        url = f"http://localhost:{port}"
        if _healthy(url, proc):
            break
        proc.kill()
        proc.wait(timeout=20)
        if "is not available" not in log.read_text():
            pytest.fail("the dashboard did not start: " + log.read_text())
    else:
        pytest.fail("the dashboard found no free port: " + log.read_text())
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _healthy(url: str, proc: subprocess.Popen) -> bool:
    """Whether the server `proc` answers at `url` within a minute (False at once if it stopped)."""
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc.poll() is None  # this server answered, not one that took the port before it
        except OSError:
            time.sleep(0.3)
    return False


@pytest.fixture
def page() -> Iterator[tuple[Page, list[str], list[str]]]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run ./test.sh, which installs it"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1100}, device_scale_factor=1)
        pg = context.new_page()
        errors: list[str] = []
        outside: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("request", lambda r: outside.append(r.url) if _leaves_localhost(r.url) else None)
        yield pg, errors, outside
        browser.close()


def _leaves_localhost(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme not in ("data", "blob", "about") and parsed.hostname not in LOCAL_HOSTS


def settle(pg: Page) -> None:
    pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    pg.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    pg.wait_for_timeout(800)  # let the map finish drawing its outlines




def idle(pg: Page) -> None:
    """Wait until the page's script has run (Streamlit's running indicator gone)."""
    pg.wait_for_timeout(300)
    pg.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    pg.wait_for_timeout(500)


def add_editor(store: Store, name: str, password: str) -> str:
    """An editor account in the served store's accounts file (HUB_DATA_DIR points there only while it is made)."""
    from accounts import users

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HUB_DATA_DIR", str(store.dir))
        users.add_user(name, password, "editor")
    return name
