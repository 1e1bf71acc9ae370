"""What every exported chart or table carries: title, subtitle, sources with edition and licence, demo flag."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.i18n import Language


@dataclass(frozen=True)
class SourceNote:
    """One source line: 'Source: <name>, <edition>. Licence: <licence>. <citation>'."""

    name: str
    edition: str
    licence: str = ""
    citation: str = ""
    url: str = ""


@dataclass(frozen=True)
class ExportMeta:
    """Title, subtitle (years, edition), sources, demo flag and a link to the view, in the user's language."""

    title: str
    subtitle: str = ""
    sources: tuple[SourceNote, ...] = ()
    is_demo: bool = False
    lang: Language = Language("en")
    view_url: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    file_stem: str = "hub-reform-monitor"
    alt: str = ""  # what the chart shows, in words, from its data (charts/alt.py): alt text of every export

    def __post_init__(self) -> None:
        object.__setattr__(self, "lang", Language(self.lang))  # a code ("ru") from older callers
