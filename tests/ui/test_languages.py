"""Every page in Kazakh and Russian shows no text of the English catalogue (interface or data), whatever it shows."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from accounts import users
from core.i18n import Language, texts
from etl import catalogue
from etl.harmonise import countries
from etl.setup_store import demo as demo_store
from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_SOURCE, filled_template
from store import Store
from tests.conftest import ROOT

PAGES = ["overview", "compare", "profile", "catalogue", "survey", "brief", "sign_in", "upload", "history"]
LATIN = re.compile(r"[A-Za-z]{3}")
EDGES = " .,:;()«»\"'·-–—…!?\n"
# Pages driven a little further than their opening, so that more of them is on screen.
STATE = {
    "compare": {"cmp_ind": "demo.open_competition_share"},
    "survey": {},
    "profile": {"cmp_focus": "KAZ"},
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("lang") / "store")
    demo_store(store)  # the demo store: demo indicators and surveys (demo data never sits beside published data)
    return store


@pytest.fixture
def live(demo: Store, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Store:
    monkeypatch.setenv("HUB_DATA_DIR", str(demo.dir))
    monkeypatch.setenv("HUB_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    users.add_user("anna", "correct horse battery", "editor")
    return demo


def english(code: str) -> tuple[set[str], set[str]]:
    """(phrases, whole texts) of the English catalogue that the `code` catalogue says otherwise: message texts (the
    fixed text between placeholders, long enough to be words) and the data catalogue's names and units."""
    lang = Language(code)
    phrases: set[str] = set()
    whole: set[str] = set()
    for key, source in texts("en").sources.items():
        forms = source if isinstance(source, tuple) else (source,)
        said = texts(code).text(key)
        if (said if isinstance(said, tuple) else (said,)) == forms:
            continue  # the same in both languages: a code, a format name ("PDF"), a file name
        for form in forms:
            pieces = [p.strip(EDGES) for p in re.split(r"\{\w+\}", form)]
            phrases |= {p for p in pieces if len(p) >= 12 and LATIN.search(p)}
            if "{" not in form and LATIN.search(form):
                whole.add(form.strip(EDGES))
    names = [(m.name_en, lang.pick(m.__dict__, "name")) for m in catalogue.indicators().values()]
    names += [(m.unit_en, lang.pick(m.__dict__, "unit")) for m in catalogue.indicators().values()]
    names += [(t["name_en"], lang.pick(t, "name")) for t in catalogue.themes().values()]
    groups, _ = countries.group_tables()
    names += [(r.name_en, lang.pick(r, "name")) for r in groups.itertuples()]
    table = countries.country_table()
    names += [(r.name_en, lang.pick(r._asdict(), "name")) for r in table[table["is_hub_member"]].itertuples()]
    for en, said in names:
        if en and said and en != said and LATIN.search(en):
            (phrases if len(en) >= 12 else whole).add(en)
    return phrases, whole


def shown(at: AppTest) -> list[str]:
    """Every text the page puts on screen: headings, captions, messages, labels, options, table cells, buttons,
    and the titles, axis titles, legend names, labels and hover texts of its charts."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success",
                 "text", "exception"):
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for w in getattr(at, kind):
            out.append(w.label)
            out += [str(o) for o in w.options]
    for kind in ("checkbox", "toggle", "button", "text_input", "number_input", "slider"):
        out += [w.label for w in getattr(at, kind)]
    out += [t.label for t in at.tabs] + [e.label for e in at.expander]
    out += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    for kind in ("download_button", "file_uploader"):
        for w in at.get(kind):
            out += [w.proto.label, w.proto.help]
    for frame in [d.value for d in at.dataframe] + [t.value for t in at.table]:
        out += [str(c) for c in frame.columns] + [str(i) for i in frame.index]
        out += [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
    for chart in at.get("plotly_chart"):
        out += list(_strings(json.loads(chart.proto.spec)))
    return [s for s in out if s]


VISIBLE = {"text", "name", "hovertext", "customdata", "ticktext", "hovertemplate", "texttemplate"}  # Plotly keys


def _strings(node: object, visible: bool = False):
    """The strings of a Plotly figure that reach the eye (under keys such as text, name, title.text)."""
    if isinstance(node, str):
        if visible:
            yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("bdata", "dtype"):
                yield from _strings(value, key in VISIBLE)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, visible)


def open_page(page: str, code: str, state: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["lang"] = code
    if page in ("upload", "history"):
        at.session_state["up_user"] = ("anna", "editor")
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("code", ["kk", "ru"])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_in_kazakh_or_russian_shows_nothing_of_the_english_catalogue(live: Store, page: str, code: str) -> None:
    at = open_page(page, code, STATE.get(page, {}))
    if page == "upload":  # with a file: the report, the warnings to accept and the preview are on screen too
        code_ = EXAMPLE_INDICATOR["code"]
        rows = [("Kazakhstan", code_, 2022, 8.4), ("Armenia", code_, 2022, "45%")]
        at.get("file_uploader")[0].upload("national.xlsx", filled_template(EXAMPLE_SOURCE, rows, [EXAMPLE_INDICATOR]))
        at.run()
        assert not at.exception, at.exception
    texts_shown = shown(at)
    assert len(texts_shown) > (3 if page == "sign_in" else 20), f"{page}: too little on screen to judge"
    phrases, whole = english(code)
    leaks = sorted({f"{phrase!r} in {text[:120]!r}" for text in texts_shown for phrase in phrases if phrase in text}
                   | {repr(text) for text in texts_shown if text.strip(EDGES) in whole})
    assert not leaks, f"{page} in {code}: English on screen:\n" + "\n".join(leaks[:30])


@pytest.mark.parametrize("code", ["kk", "ru"])
def test_the_mapping_step_in_kazakh_or_russian_shows_nothing_of_the_english_catalogue(live: Store, code: str) -> None:
    """A file in no known layout: the mapping step, why no recipe fits, the guessed fields; then the report of the
    mapped file."""
    at = open_page("upload", code, {})
    wide = "Страна;Показатель;2021;2022\nКазахстан;Индекс;55,5;н/д\nАрмения;Индекс;61;63,5\n".encode("cp1251")
    at.get("file_uploader")[0].upload("scores.csv", wide, "text/csv")
    at.run()
    assert not at.exception, at.exception
    assert at.button(key="up_map_check"), "the mapping step is on screen"
    before = shown(at)
    at.button(key="up_map_check").click().run()
    assert not at.exception, at.exception
    phrases, whole = english(code)
    texts_shown = before + shown(at)
    leaks = sorted({f"{phrase!r} in {text[:120]!r}" for text in texts_shown for phrase in phrases if phrase in text}
                   | {repr(text) for text in texts_shown if text.strip(EDGES) in whole})
    assert not leaks, f"the mapping step in {code}: English on screen:\n" + "\n".join(leaks[:30])


@pytest.mark.parametrize("code", ["kk", "ru"])
def test_the_survey_form_step_in_kazakh_or_russian_shows_nothing_of_the_english_catalogue(live: Store,
                                                                                         code: str) -> None:
    """A survey form export in Russian: recognised, the answer scale to confirm, a refusal, then the check."""
    from tests.fixtures.survey_forms import form_rows, truth, xlsx

    at = open_page("upload", code, {})
    at.get("file_uploader")[0].upload("Анкета 2024.xlsx", xlsx(form_rows(truth(lang="ru"), lang="ru")))
    at.run()
    assert not at.exception, at.exception
    texts_shown = shown(at)
    at.text_input(key="sf_src_publisher").set_value("Агентство по делам госслужбы")
    at.text_input(key="sf_src_licence").set_value("CC BY 4.0")
    at.button(key="sf_check").click().run()  # one answer left unassigned: refused, located
    texts_shown += shown(at)
    for box in at.selectbox:
        if box.key and box.key.startswith("sf_role_") and box.value is None:
            box.set_value("neutral")
    at.run()
    at.button(key="sf_check").click().run()
    assert not at.exception, at.exception
    assert at.metric, "the checked survey's counts are on screen"
    texts_shown += shown(at)
    # the codes a person may edit (a breakdown's code, e.g. gender) are identifiers the store keeps, not words
    codes = {c for frame in at.dataframe if "code" in frame.value.columns for c in frame.value["code"]}
    phrases, whole = english(code)
    leaks = sorted({f"{phrase!r} in {text[:120]!r}" for text in texts_shown for phrase in phrases if phrase in text}
                   | {repr(text) for text in texts_shown if text.strip(EDGES) in whole and text not in codes})
    assert not leaks, f"the survey form step in {code}: English on screen:\n" + "\n".join(leaks[:30])
