"""The Likert bars' legend of answers stays clear of the bars and the titles, in every language and at any label
length, on the page (narrow and wide) and in the export: measured in the drawn SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from charts import survey as sc
from core.i18n import Language
from etl.harmonise.countries import country_table
from reports import images
from reports.meta import ExportMeta, SourceNote

SVG = "{http://www.w3.org/2000/svg}"
TRANSLATE = re.compile(r"translate\(\s*([-\d.e]+)(?:[,\s]+([-\d.e]+))?\s*\)")
PAGE_WIDTHS = (500, 1000)  # a narrow column (a phone, a split screen) and a wide page
SOURCE = (SourceNote("Civil service staff survey", "2025", "CC BY 4.0", ""),)
# Answer texts of 60-70 characters, as a programme with its own answer wording might have.
LONG = {"sv_unfavourable": "Мүлдем келіспеймін немесе көбінесе келіспеймін деп жауап бергендер",
        "sv_neutral": "Келісетінін де, келіспейтінін де айта алмайтын бейтарап жауаптар",
        "sv_favourable": "Толық келісемін немесе көбінесе келісемін деп жауап бергендер үлесі"}


def likert_rows(n: int, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """`n` countries' latest wave (shares summing to one, respondents) and their labels in `lang`."""
    table = country_table().head(n)
    rng = np.random.default_rng(7)
    fav, neu = rng.uniform(0.3, 0.8, n), rng.uniform(0.05, 0.2, n)
    frame = pd.DataFrame({"fav": fav, "neu": neu, "unf": 1 - fav - neu, "n": rng.integers(40, 900, n),
                          "year": 2025})
    names = table[f"name_{lang}"].fillna(table["name_en"])
    return frame, [f"{name} (2025)" for name in names]


def _offset(element: ET.Element) -> tuple[float, float]:
    found = TRANSLATE.search(element.get("transform") or "")
    return (float(found.group(1)), float(found.group(2) or 0)) if found else (0.0, 0.0)


def boxes(svg: bytes) -> dict[str, tuple[float, float, float, float]]:
    """Left, top, right, bottom in page pixels of the legend of answers ('legend', its background box) and of the
    plotting area ('plot', the bars' clip box); 'title' spans the title and subtitle text in an export."""
    root = ET.fromstring(svg)
    clips = {c.get("id"): c.find(SVG + "rect") for c in root.iter(SVG + "clipPath")}
    found: dict[str, tuple[float, float, float, float]] = {}

    def walk(node: ET.Element, dx: float, dy: float) -> None:
        ox, oy = _offset(node)
        dx, dy = dx + ox, dy + oy
        kind = node.get("class")
        if kind == "legend":
            bg = node.find(SVG + "rect")
            found["legend"] = (dx, dy, dx + float(bg.get("width")), dy + float(bg.get("height")))
        elif kind == "xy" and node.get("clip-path"):
            clip = clips[re.search(r"#([^)]+)", node.get("clip-path")).group(1)]
            found["plot"] = (dx, dy, dx + float(clip.get("width")), dy + float(clip.get("height")))
        elif kind in ("gtitle", "gtitle-subtitle"):
            size = float(re.search(r"font-size:\s*([\d.]+)px", node.get("style")).group(1))
            lines = len(node.findall(SVG + "tspan")) or 1
            top = dy + float(node.get("y"))  # drawn from there down (dy="0.7em" puts the baseline 0.7 em below)
            bottom = top + 0.7 * size + 0.3 * size + (lines - 1) * 1.3 * size
            old = found.get("title", (0.0, top, 0.0, bottom))
            found["title"] = (0.0, min(old[1], top), 0.0, max(old[3], bottom))
        for child in node:
            walk(child, dx, dy)

    walk(root, 0.0, 0.0)
    return found


def drawn(n: int, lang: str, long: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """The Likert bars of `n` countries drawn as the page draws them at each of PAGE_WIDTHS, and exported."""
    if long:
        said = Language.t
        monkeypatch.setattr(Language, "t", lambda self, key, **values: LONG.get(key) or said(self, key, **values))
    frame, labels = likert_rows(n, lang)
    fig = sc.likert_bars(frame, labels, lang, True)
    meta = ExportMeta(title=Language(lang).t("sv_likert_title", q="Мемлекеттік қызметте жұмыс істейтінімді мақтан "
                                             "тұтамын"), subtitle=Language(lang).t("sv_measure_fav"),
                      sources=SOURCE, is_demo=True, lang=lang)
    pages = {w: images._render(fig, "svg", w, int(fig.layout.height), 1) for w in PAGE_WIDTHS}  # noqa: SLF001
    return {"fig": fig, "pages": pages, "export": images.to_svg(fig, meta)}


@pytest.fixture(scope="module", autouse=True)
def browser() -> Iterator[None]:
    """One browser for the module's drawings, closed at its end."""
    try:
        yield
    finally:
        images.stop_browser()


CASES = [("en", 6, False), ("ru", 6, False), ("kk", 6, False), ("kk", 6, True), ("kk", 40, True)]


@pytest.mark.parametrize(("lang", "n", "long"), CASES, ids=["en", "ru", "kk", "kk-long", "kk-long-40"])
def test_the_legend_of_answers_stays_above_the_bars(lang: str, n: int, long: bool,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """On the page, narrow and wide, and in the export: the legend's box ends above the plotting area (no bar
    under it), starts inside the figure, below the export's title, and no entry runs past the right edge."""
    made = drawn(n, lang, long, monkeypatch)
    drawings = [*((f"page {w} px", svg) for w, svg in made["pages"].items()), ("export", made["export"])]
    for where, svg in drawings:
        width = float(ET.fromstring(svg).get("width"))
        found = boxes(svg)
        left, top, right, bottom = found["legend"]
        plot_top = found["plot"][1]
        assert bottom <= plot_top, (where, "legend over the bars", bottom, plot_top)
        assert top >= 0 and right <= width, (where, "legend off the figure", found["legend"], width)
        if where == "export":
            assert top >= found["title"][3], (where, "legend over the title", top, found["title"])


def test_long_answers_wrap_and_rows_keep_their_height(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 60-character answer is wrapped onto lines of at most LEGEND_WIDTH characters (whole words, nothing cut),
    and the legend's room is added to the figure, so 40 rows keep ROW_PX each in the export."""
    made = drawn(40, "kk", True, monkeypatch)
    names = [trace.name for trace in made["fig"].data]
    for name, answer in zip(names, LONG.values(), strict=True):
        lines = name.split("<br>")
        assert len(lines) > 1 and all(len(line) <= sc.LEGEND_WIDTH for line in lines), name
        assert " ".join(lines) == answer
    _, top, _, bottom = boxes(made["export"])["plot"]
    assert (bottom - top) / 40 >= sc.ROW_PX
