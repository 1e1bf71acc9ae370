"""What every view carries: its sources as export stamps, an indicator's names in the reader's language."""

from __future__ import annotations

import pandas as pd

from core.i18n import Language
from core.settings import is_world_rank
from etl.catalogue import source_text
from reports.meta import ExportMeta, SourceNote


def source_notes(sources: pd.DataFrame, lang: str = "en") -> tuple[SourceNote, ...]:
    """Each source for the stamps of an export, its name and licence line in `lang` where catalogued."""
    return tuple(SourceNote(name=source_text(r.name, lang), edition=r.edition, licence=source_text(r.licence, lang),
                            citation=source_text(r.citation, lang),
                            url=r.url or "") for r in sources.itertuples())


def export_meta(title: str, subtitle: str, sources: pd.DataFrame, lang: str, stem: str, alt: str = "",
                notes: tuple[str, ...] = ()) -> ExportMeta:
    """What an export carries: title, subtitle, sources, demo flag, alt text and notes (which countries an average
    is over). The page adds the link to its view (ui.compare_widgets.export_meta)."""
    return ExportMeta(title=title, subtitle=subtitle, sources=source_notes(sources, lang),
                      is_demo=bool(sources["is_demo"].any()) if len(sources) else False, lang=lang,
                      file_stem=stem, alt=alt, notes=tuple(notes))


def meta_dict(meta: pd.Series, lang: Language) -> dict:
    """What the figure builders need of an indicator, in `lang`."""
    lang = Language(lang)
    return {"name": lang.pick(meta, "name"), "unit": lang.pick(meta, "unit"),
            "decimals": int(meta["decimals"]), "higher_is_better": bool(meta["higher_is_better"])}


def names(frame: pd.DataFrame, lang: Language) -> dict[str, str]:
    """code/iso3 -> name in `lang` for a frame with name_en/name_ru/name_kk and iso3 or code."""
    lang = Language(lang)
    key = "iso3" if "iso3" in frame else "code"
    return dict(zip(frame[key], lang.column(frame, "name"), strict=True))


def default_indicator(indicators: pd.DataFrame) -> str:
    """The indicator a page opens on: of those that are not ranks (a hub average of ranks says little), the one
    reported by the most countries (a headline series, not one of an index's hundred sub-metrics)."""
    scores = indicators[~is_world_rank(indicators["unit"])]
    scores = scores if len(scores) else indicators
    return str(scores.sort_values("countries", ascending=False, kind="stable")["code"].iloc[0])


def year_span(first: int, last: int) -> list[int]:
    """Every year from `first` to `last`."""
    return list(range(int(first), int(last) + 1))
