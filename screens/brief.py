"""The brief screen: the choices a brief is built from (country, peer group, year, lead indicators) and the files."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from analytics import brief as queries
from analytics import compare
from analytics.selection import Selection
from core.i18n import Language
from reports import brief
from reports.images import PackItem
from reports.meta import ExportMeta
from screens.reading import Read

LATEST = "latest"


def peer_groups(con: duckdb.DuckDBPyConnection, iso3: str) -> tuple[pd.DataFrame, str]:
    """The groups `iso3` belongs to and the one a brief compares it with by default."""
    return queries.peer_groups(con, iso3), queries.default_group(con, iso3)


def group_choices(read: Read, iso3: str, sel: Selection, lang: Language) -> tuple[dict[str, str], str]:
    """code -> name of every group a brief can compare `iso3` with (its own groups first: a view may compare it with
    any group), and the default one."""
    groups, default = read(peer_groups, iso3, sel=sel)
    groups = pd.concat([groups, read(compare.groups)]).drop_duplicates("group_code")
    names = dict(zip(groups["group_code"], Language(lang).column(groups, "name"), strict=True))
    codes = list(names)
    return names, default if default in codes else codes[0]


def years(indicators: pd.DataFrame) -> list:
    """'latest', then every year of data, newest first."""
    return [LATEST, *range(int(indicators["last_year"].max()), int(indicators["first_year"].min()) - 1, -1)]


def make(con: duckdb.DuckDBPyConnection, iso3: str, brief_lang: Language, group: str, formats: tuple[str, ...],
         year: int | None, lead: list[str], view: str, lang: Language,
         progress: Callable[[float, str], None]) -> dict:
    """Build the brief and its files (raises reports.brief.BriefError). Returns the files, their names, the charts
    as a pack, and `pdf_missing` (why there is no PDF: no office suite on the server) or ''."""
    made = brief.build(con, iso3, brief_lang, group, progress=progress, year=year, indicators=list(lead), view=view)
    files = brief.write(made, tuple(f for f in formats if f != "pdf"), progress=progress)
    pdf_missing = ""
    if "pdf" in formats:
        progress(0.85, Language(lang).t("rep_step_pdf"))
        try:
            files["pdf"] = brief.docx_to_pdf(files.get("docx") or brief.to_docx(made))
        except brief.OfficeMissing as error:
            pdf_missing = str(error)
    progress(1.0, "")
    pack_meta = ExportMeta(title=made.title, subtitle=made.subtitle, is_demo=made.is_demo, lang=brief_lang,
                           file_stem=brief.file_name(made, "zip").removesuffix(".zip") + "-charts")
    return {"files": files, "names": {fmt: brief.file_name(made, fmt) for fmt in files},
            "pack": [PackItem(c.fig, c.meta, png=c.png) for c in made.charts],  # the brief's charts, as drawn in it
            "pack_meta": pack_meta, "charts": len(made.charts), "rows": len(made.table), "pdf_missing": pdf_missing}
