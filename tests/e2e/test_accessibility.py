"""Accessibility in the browser: axe-core (WCAG 2.1 A/AA) on every page in every language, and the keyboard alone
reaches every control."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from accounts import users
from tests.conftest import ROOT
from tests.e2e.conftest import ARTIFACTS

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # from npm: package.json / package-lock.json, `npm ci`
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
PAGES = ["overview", "compare", "profile", "catalogue", "survey", "brief", "sign_in"]
EDITOR_PAGES = ["upload", "history"]
PASSWORD = "correct horse battery"
# Violations in Streamlit's own markup, which neither the pages nor the theme can change: rule -> (the element all
# offending nodes sit in, why it is Streamlit's). Anything else fails the test.
ALLOWED = {
    "list": ('[data-testid="stSidebarNav"]', "Streamlit's navigation menu (st.navigation with sections) puts each "
             "section's heading and pages in <div>s directly inside its <ul>"),
    "listitem": ('[data-testid="stSidebarNav"]', "the same menu: the pages' <li> sit in those <div>s, so they are not "
                 "directly in a <ul>"),
}
RUN_AXE = """async ([tags, containers]) => {
  const found = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return found.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({
    target: n.target.join(' '), html: n.html.slice(0, 200),
    inside: Object.fromEntries(containers.map(s => [s, !!document.querySelector(n.target[0])?.closest(s)]))}))}));
}"""


def settle(pg: Page) -> None:
    """Wait for a page run to finish: the menu and a heading drawn, Streamlit's running indicator gone."""
    pg.wait_for_selector('[data-testid="stSidebarNav"]', timeout=90_000)
    pg.wait_for_selector("h1", timeout=90_000)
    pg.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=90_000)
    pg.wait_for_timeout(1500)


def violations(pg: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, less those of Streamlit's own markup (ALLOWED)."""
    if not pg.evaluate("typeof axe !== 'undefined'"):
        pg.add_script_tag(path=str(AXE))
    found = pg.evaluate(RUN_AXE, [TAGS, sorted({container for container, _ in ALLOWED.values()})])
    return [f"{v['id']} ({v['impact']}): {v['help']} at {n['target']}: {n['html']}"
            for v in found for n in v["nodes"]
            if not (v["id"] in ALLOWED and n["inside"].get(ALLOWED[v["id"]][0]))]


def in_language(pg: Page, lang: str) -> bool:
    """Whether the page's heading is written in `lang` (Cyrillic for Kazakh and Russian, Latin for English), and
    for Kazakh in its own letters where the heading has them."""
    heading = pg.locator("h1").first.inner_text()
    cyrillic = re.search(r"[\u0400-\u04ff]", heading) is not None
    return cyrillic if lang in ("kk", "ru") else not cyrillic


def sign_in(pg: Page, url: str, store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_DATA_DIR", str(store.dir))  # the served dashboard's accounts file
    users.add_user("anna", PASSWORD, "editor")
    pg.goto(f"{url}/sign_in?lang=en")
    settle(pg)
    pg.get_by_label("User name").fill("anna")
    pg.get_by_label("Password", exact=True).fill(PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_selector('a[href$="/upload"]', timeout=60_000)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_axe_finds_nothing_the_project_could_fix_on_any_page(server, page, lang: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert AXE.is_file(), "axe-core missing: run ./test.sh (npm ci installs it from package-lock.json)"
    url, store = server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    for name in PAGES:
        path = "" if name == "overview" else name  # the default page lives at the root
        pg.goto(f"{url}/{path}?lang={lang}")  # the address holds the language's code (ui/links.py)
        settle(pg)
        assert in_language(pg, lang), f"{name} is not shown in {lang}"
        found[name] = violations(pg)
        pg.screenshot(path=str(ARTIFACTS / f"a11y_{name}_{lang}.png"), full_page=True)
    sign_in(pg, url, store, monkeypatch)  # the editor's pages, reached by the menu (a reload would sign out)
    pg.locator('[data-testid="stRadioOption"]', has_text=LABELS[lang]).click()
    for name in EDITOR_PAGES:
        pg.locator(f'a[href$="/{name}"]').click()
        settle(pg)
        assert in_language(pg, lang), f"{name} is not shown in {lang}"
        found[name] = violations(pg)
        pg.screenshot(path=str(ARTIFACTS / f"a11y_{name}_{lang}.png"), full_page=True)
    bad = {name: v for name, v in found.items() if v}
    assert not bad, "axe-core violations:\n" + "\n".join(f"{n}: {x}" for n, vs in bad.items() for x in vs[:10])
    assert outside == [], f"requests leaving localhost: {outside}"


FOCUSABLE = ("a[href], button, input:not([type=hidden]), select, textarea, summary, [role=tab], [role=combobox], "
             "[tabindex]")
# Every tab stop: a focusable, visible, enabled element not taken out of the tab order (tabindex=-1); a radio group
# or a tab list counts once (one stop, arrow keys move inside it, as ARIA's composite widgets do).
MARK = """(selector) => {
  const stops = [...document.querySelectorAll(selector)].filter(e => {
    const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.disabled && e.tabIndex >= 0
      && !e.closest('[aria-hidden=true], .modebar, details:not([open]) > :not(summary)');
  });
  const units = new Map();
  stops.forEach(e => { const unit = e.closest('[role=radiogroup], [role=tablist]') || e;
                       if (!units.has(unit)) units.set(unit, units.size); });
  units.forEach((i, unit) => unit.dataset.kbd = i);
  return units.size; }"""


@pytest.mark.parametrize("name", ["compare", "survey"])
def test_the_keyboard_alone_reaches_every_control(server, page, name: str) -> None:
    url, _ = server
    pg, _, _ = page
    pg.goto(f"{url}/{name}?lang=kk")
    settle(pg)
    total = pg.evaluate(MARK, FOCUSABLE)
    assert total > 10
    reached: set[str] = set()
    for _ in range(total * 2 + 40):
        pg.keyboard.press("Tab")
        mark = pg.evaluate("() => document.activeElement?.closest('[data-kbd]')?.dataset.kbd ?? null")
        if mark is not None:
            reached.add(mark)
        if len(reached) == total:
            break
    missed = pg.evaluate("""(reached) => [...document.querySelectorAll('[data-kbd]')]
        .filter(e => !reached.includes(e.dataset.kbd)).map(e => e.outerHTML.slice(0, 160))""", sorted(reached))
    assert not missed, f"{len(missed)} of {total} controls never get the keyboard's focus:\n" + "\n".join(missed[:15])
