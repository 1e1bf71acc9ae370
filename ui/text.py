"""Safe display of text that came from files, users or the address: never HTML, never live Markdown.

`plain()` is the one way such text reaches a Markdown-rendering element (st.markdown, caption, title,
subheader, info/warning/error/success, widget and tab labels, metric labels, st.table cells, radio and
pills options, column help); charts go through `ui.charts.show`, which treats every string of a figure.
"""

from __future__ import annotations

from core.text import markdown_literal


def plain(text: object) -> str:
    """`text` escaped so that Markdown shows it literally: no links, images, HTML, autolinks or formatting."""
    return markdown_literal(text)
