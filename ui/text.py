"""Safe display of text that came from files or users: never HTML, never live Markdown."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def plain(text: object) -> str:
    """`text` escaped so that st.markdown shows it literally (no links, images, HTML or formatting)."""
    return _MARKDOWN.sub(r"\\\1", str(text))
