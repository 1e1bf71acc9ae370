"""Literal text for Markdown and Plotly; every setting documented."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest
from markdown_it import MarkdownIt

from core.settings import VARIABLES
from core.text import markdown_literal, plotly_literal, plotly_tags_as_text
from reports.figure_text import literal_figure
from tests.conftest import ROOT
from tests.ui.test_hostile_text import GFM_AUTOLINK

RENDER = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["linkify", "table", "strikethrough"])


@pytest.mark.parametrize("text", [
    "[Sign in again](https://evil.example/login)", "![x](https://evil.example/x.png)", "<img src=x onerror=alert(1)>",
    "<a href='https://evil.example'>x</a>", "https://evil.example/a", "www.evil.example", "a@evil.example",
    "line one\n\n# heading\n- item", "    code block", "| a | b |\n|---|---|", "`code` *em* __strong__ ~~s~~",
    ":red[colour] :material/home: $x^2$", "&lt;b&gt; &amp; &#60;", "a\\b\\\\c", "<https://evil.example>",
])
def test_markdown_literal_renders_as_the_same_text_on_one_line(text: str) -> None:
    html = RENDER.render(markdown_literal(text))
    assert "<a " not in html and "<img" not in html and html.count("<p>") == 1
    inner = html.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner.replace("&lt;", "")
    shown = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert not GFM_AUTOLINK.search(shown), "remark-gfm would link a bare address"
    assert shown.replace("\u2060", "") == re.sub(r"\s*\n+\s*", " ", text).strip()


def test_plotly_text_keeps_the_dashboards_formatting_and_nothing_else() -> None:
    assert plotly_tags_as_text("A<br>B <b>c</b>%{y}<extra></extra>") == "A<br>B <b>c</b>%{y}<extra></extra>"
    assert plotly_tags_as_text("<a href='https://e.x'>x</a>") == "&lt;a href='https://e.x'&gt;x&lt;/a&gt;"
    assert plotly_tags_as_text("<span style='color:red'>R&D</span> &#60;a&#62;") == \
        "&lt;span style='color:red'&gt;R&amp;D&lt;/span&gt; &amp;#60;a&amp;#62;"
    assert plotly_literal("<br>") == "&lt;br&gt;"


def test_literal_figure_treats_every_string_of_a_figure() -> None:
    fig = go.Figure(go.Bar(y=["<a href='x'>KAZ</a>", "ARM"], x=[1, 2], name="<img src=x>",
                           hovertemplate="%{y}<extra></extra>", customdata=[["<a href=y>"], ["ok"]]),
                    layout={"title": {"text": "<a href='x'>t</a>"}, "xaxis": {"title": {"text": "<b>unit</b>"}}})
    out = literal_figure(fig).to_dict()
    text = repr(out)
    assert "<a" not in text and "<img" not in text
    assert out["data"][0]["hovertemplate"] == "%{y}<extra></extra>"
    assert out["layout"]["xaxis"]["title"]["text"] == "<b>unit</b>"
    assert "<a" in fig.to_dict()["layout"]["title"]["text"], "the original figure is left as it was"


def test_every_setting_is_in_the_readme_settings_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings"):]
    for variable in VARIABLES:
        assert f"| `{variable}` |" in table, f"{variable} is missing from the README's settings table"
