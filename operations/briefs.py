"""A country brief as files (DOCX, PDF, PPTX), built by reports/ from the store."""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import Language
from reports import brief as _brief
from reports import images
from reports.brief import FORMATS, Brief, BriefError
from store import Store

__all__ = ["FORMATS", "Brief", "BriefError", "BriefFiles"]


@dataclass(frozen=True)
class BriefFiles:
    """The brief as computed, and its files: format -> (file name, bytes)."""

    brief: Brief
    files: dict[str, tuple[str, bytes]]


def build_brief(iso3: str, *, lang: Language | str = "en", group: str | None = None,
                formats: tuple[str, ...] = ("docx",), year: int | None = None, indicators: list[str] | None = None,
                max_charts: int = 10, render: bool = True, store: Store | None = None) -> BriefFiles:
    """The brief of `iso3` against `group` (default: its region, else the hub), with data up to `year`, in each of
    `formats`. BriefError (a HubError) for a country or group the store cannot brief."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise BriefError(f"Unknown brief format {unknown[0]!r}; choose from {', '.join(FORMATS)}.")
    with (store or Store()).reader() as con:
        made = _brief.build(con, iso3.upper(), Language(lang), group and group.upper(), max_charts=max_charts,
                            year=year, indicators=indicators or [], render=render)
    try:
        content = _brief.write(made, tuple(formats))
    finally:
        images.stop_browser()
    return BriefFiles(made, {f: (_brief.file_name(made, f), content[f]) for f in formats})
