"""Text from data, files, users or the address made literal: for Markdown (Streamlit) and for Plotly's HTML subset."""

from __future__ import annotations

import html
import re
import string

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and then stands for itself: no
# link, image, emphasis, code, HTML, autolink (www. / http:// / e-mail), table, heading, list, :emoji: or
# :material/icon:, :color[...] or $maths$ directive can start from escaped text.
# (% , ; ? ' " / = ^ mean nothing in one line of Markdown and stay as they are, so "45%" reads as typed.)
_PUNCTUATION = re.compile("([" + re.escape("".join(c for c in string.punctuation if c not in "%,;?'\"/=^")) + "])")
_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")  # line breaks would start new blocks
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# GitHub-flavoured Markdown in Streamlit turns bare "http://", "www." and e-mail addresses into links after
# escapes are resolved (remark-gfm works on the text), so a backslash does not stop it: a WORD JOINER (U+2060,
# invisible) between "https" and ":", "www" and ".", and before "@" does.
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<![a-z])(https?|ftp|mailto|xmpp)(?=:)|(?<![a-z])(www)(?=\.)|(?=@)")
# Plotly renders <br>, <b>, <i>, <em>, <sup>, <sub>, <span style>, <a href> in any string, and <extra> in hover
# templates: the formatting the dashboard writes itself stays; any other tag (links above all) is shown as text.
_OUR_TAGS = re.compile(r"</?(?:br|b|i|em|sup|sub|extra)\s*/?>", re.IGNORECASE)


def markdown_literal(text: object) -> str:
    """`text` as Markdown that renders exactly as the text, on one line: what st.markdown/caption/subheader,
    widget labels, st.table cells and Markdown-capable options must be given for any text not written here."""
    flat = _CONTROL.sub("", _BREAKS.sub(" ", str(text))).strip()  # leading spaces would start a code block
    flat = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2) or "") + _JOINER, flat)
    return _PUNCTUATION.sub(r"\\\1", flat)


def plotly_literal(text: object) -> str:
    """`text` shown literally in a Plotly string (title, axis, legend, hover, annotation): '<', '>' and '&' as
    entities, so nothing in it becomes a tag or an entity of Plotly's HTML subset."""
    return html.escape(str(text), quote=False)


def plotly_tags_as_text(text: str) -> str:
    """A Plotly string with every tag except the formatting the dashboard writes (br, b, i, em, sup, sub, extra)
    shown as text, and every '&' as '&amp;' (so no entity turns into a tag): the one pass every figure gets before
    it is drawn or exported, whatever its builder put in it."""
    if "<" not in text and "&" not in text and ">" not in text:
        return text
    pieces, last = [], 0
    for m in _OUR_TAGS.finditer(text):
        pieces.append(html.escape(text[last:m.start()], quote=False))
        pieces.append(m.group(0))
        last = m.end()
    pieces.append(html.escape(text[last:], quote=False))
    return "".join(pieces)
