"""Country brief: key messages, headline table and charts computed from the store, as DOCX, PDF and PPTX."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from pptx import Presentation
from pptx.dml.color import RGBColor as SlideRGB
from pptx.util import Emu, Inches
from pptx.util import Pt as PPt

from analytics import brief as q
from analytics import significance as sig
from analytics.compare import Average
from charts import alt as chart_alt
from charts import brief as figures
from charts.compare import ranked_bar
from core.errors import HubError
from core.i18n import Language, with_unit
from core.settings import settings
from etl.catalogue import source_text
from reports import images
from reports.meta import ExportMeta, SourceNote
from store.queries import sql

Progress = Callable[[float, str], None]
QUERIES = "reports/brief"
FORMATS = ("docx", "pdf", "pptx")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
OFFICE_NAMES = ("soffice", "libreoffice")
# LibreOffice's PDF export filter with its options: a tagged PDF (headings, tables, figures with their alt text and
# the reading order in the structure tree, for screen readers) that keeps the document's title and language.
PDF_FILTER = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
              '"ExportBookmarks":{"type":"boolean","value":"true"},'
              '"UseLosslessCompression":{"type":"boolean","value":"true"}}')
DEMO_RGB = (0xD5, 0x5E, 0x00)


class BriefError(HubError):
    """The brief cannot be built (unknown country, no data); the message says why, in the brief's language."""

    code = "brief"


class OfficeMissing(HubError):
    """No LibreOffice to turn the DOCX into PDF; the message says how to install it."""

    code = "office_missing"


@dataclass
class BriefChart:
    """One chart of the brief: the figure, what it carries (title, sources), alt text, and its PNG."""

    fig: go.Figure
    meta: ExportMeta
    alt: str
    png: bytes = b""

@dataclass
class Brief:
    """Everything a brief says, computed once; the DOCX, PDF and PPTX writers only lay it out."""

    iso3: str
    lang: Language
    country: str
    group_code: str
    group: str
    peers_with_data: int
    title: str
    subtitle: str
    generated: str
    is_demo: bool
    messages: list[str]
    table: pd.DataFrame  # headline rows (analytics.brief.headline columns)
    charts: list[BriefChart]
    survey: pd.DataFrame
    sources: list[SourceNote]
    notes: list[str] = field(default_factory=list)
    year: int | None = None  # data up to this year (the view's year), else the latest
    lead: list[str] = field(default_factory=list)  # indicators the brief leads with (the view's)
    release: list[str] = field(default_factory=list)  # the data release: store version and each source's edition
    view: str = ""  # "Built from the view: ..." when it started from a page
    compared: pd.DataFrame = field(default_factory=pd.DataFrame)  # every indicator compared (the messages' basis)

    @property
    def command(self) -> str:
        """The command that builds this brief again from the same store."""
        parts = ["python -m reports brief", self.iso3, "--lang", self.lang, "--peers", self.group_code]
        if self.year is not None:
            parts += ["--year", str(self.year)]
        if self.lead:
            parts += ["--indicators", ",".join(self.lead)]
        return " ".join(parts)

    def table_display(self) -> pd.DataFrame:
        """The headline table as printed: text cells in the brief's language."""
        lang = self.lang
        rows = []
        for r in self.table.itertuples():
            change = (lang.t("rep_change_one_year") if pd.isna(r.change)
                      else _signed(r.change, r.decimals, lang) + f" ({r.base_year}): "
                      + _sig_words(r.change_sig, lang))
            rows.append({
                lang.t("rep_col_indicator"): _indicator_label(r, lang),
                lang.t("rep_col_year"): str(r.year),
                lang.t("rep_col_value"): _value(r.value, r.decimals, r.unit, lang),
                lang.t("rep_col_change"): change,
                lang.t("rep_col_peer"): _value(r.peer_average, r.decimals, r.unit, lang)
                + ("" if r.peer_sig == "missing" else f": {_sig_words(r.peer_sig, lang, 'gap')}"),
                lang.t("rep_col_rank"): (lang.of(int(r.rank), int(r.ranked)) + _range(r, lang)
                                          if not pd.isna(r.rank) else lang.t("missing")),
                lang.t("rep_col_source"): f"{source_text(r.source, lang)}, {r.edition}",
            })
        return pd.DataFrame(rows)

def _name(row: object, lang: Language) -> str:
    lang = Language(lang)
    return lang.pick(row, "name")

def _sig_words(code: str, lang: Language, kind: str = "change") -> str:
    """A verdict code of analytics.significance in words."""
    return sig.say(code, lang, kind)


def _range(row: object, lang: Language) -> str:
    """" (2–4)": the ranks the published intervals allow, where they allow a range."""
    if pd.isna(row.rank_low) or int(row.rank_low) == int(row.rank_high):
        return ""
    return f" ({int(row.rank_low)}–{int(row.rank_high)})"


def unit_label(row: object, lang: Language) -> str:
    """The indicator's unit as readers of `lang` see it (from the catalogue; an uploaded indicator's own unit)."""
    lang = Language(lang)
    return lang.pick(row, "unit")

def _indicator_label(row: object, lang: Language) -> str:
    if row.unit == "%":
        return _name(row, lang)
    return with_unit(_name(row, lang), unit_label(row, lang))

def _value(v: float, decimals: int, unit: str, lang: Language) -> str:
    lang = Language(lang)
    text = lang.n(v, decimals)
    return text + ("%" if unit == "%" and not (isinstance(v, float) and math.isnan(v)) else "")

def _signed(v: float, decimals: int, lang: Language) -> str:
    lang = Language(lang)
    text = lang.n(abs(v), decimals)
    return ("+" if v > 0 else "−" if v < 0 else "±") + text

def _note(row: object, lang: Language) -> SourceNote:
    return SourceNote(name=source_text(row.source, lang), edition=row.edition,
                      licence=source_text(row.licence or "", lang), citation=source_text(row.citation or "", lang),
                      url=row.url or "")

def _messages(full: pd.DataFrame, country: str, group: str, peers_with_data: int, lang: Language) -> list[str]:
    """Plain sentences, each claim through the significance rule: changes beyond the margin of error (gains, then a
    decline), how many show no clear change, a large change whose uncertainty is not published, gaps to the peer
    average beyond the margin of error (ahead, behind), how many are level with it, and stale figures."""
    lang = Language(lang)
    out = [lang.t("rep_msg_coverage", country=country, k=len(full), group=group, n=peers_with_data)]

    def fill(r: object) -> dict[str, object]:
        rank = "" if pd.isna(r.rank) else lang.rank(int(r.rank), int(r.ranked)) + _range(r, lang)
        return {"indicator": _indicator_label(r, lang), "base": _value(r.base_value, r.decimals, r.unit, lang),
                "base_year": r.base_year, "value": _value(r.value, r.decimals, r.unit, lang), "year": r.year,
                "peer": _value(r.peer_average, r.decimals, r.unit, lang), "rank": rank, "n": r.ranked,
                "group": group}

    def strongest(code: str, column: str) -> pd.DataFrame:
        """Rows whose verdict is `code` (on the change or on the gap), the largest in standard errors first."""
        part = full[full["change_sig" if column == "change_z" else "peer_sig"] == code]
        return part.assign(_size=part[column].abs()).sort_values("_size", ascending=False)

    for r in strongest("improved", "change_z").head(2).itertuples():
        out.append(lang.t("vw_msg_gain", **fill(r)))
    for r in strongest("worsened", "change_z").head(1).itertuples():
        out.append(lang.t("vw_msg_decline", **fill(r)))
    steady = full[full["change_sig"] == "no_clear_change"]
    if not steady.empty:
        r = next(steady.assign(_size=steady["gain_sd"].abs().fillna(0)).sort_values("_size").tail(1).itertuples())
        out.append(lang.t("vw_msg_no_change", k=len(steady), **fill(r)))
    unknown = full[full["change_sig"].isin(["improved_unknown", "worsened_unknown"])]
    if not unknown.empty:
        r = next(unknown.assign(_size=unknown["gain_sd"].abs().fillna(0)).sort_values("_size").tail(1).itertuples())
        out.append(lang.t("vw_msg_unknown_change", **fill(r)))
    for r in strongest("improved", "gap_z").head(1).itertuples():
        out.append(lang.t("vw_msg_ahead", **fill(r)))
    for r in strongest("worsened", "gap_z").head(2).itertuples():
        out.append(lang.t("vw_msg_behind", **fill(r)))
    level = full[full["peer_sig"] == "no_clear_change"]
    if not level.empty:
        compared = int((full["peer_sig"] != "missing").sum())
        out.append(lang.t("vw_msg_level", k=len(level), n=compared, group=group))
    gap_unknown = full[full["peer_sig"].isin(["improved_unknown", "worsened_unknown"])]
    if not gap_unknown.empty:
        r = next(gap_unknown.assign(_size=gap_unknown["gap_sd"].abs().fillna(0)).sort_values("_size")
                 .tail(1).itertuples())
        out.append(lang.t("vw_msg_gap_unknown", **fill(r)))
    stale = full[full["year"] < full["newest_year"]]
    if not stale.empty:
        r = next(stale.sort_values("year").head(1).itertuples())
        out.append(lang.t("rep_msg_old", k=len(stale), indicator=_name(r, lang), year=r.year, newest=r.newest_year))
    return out

def release(con: duckdb.DuckDBPyConnection, source_ids: list[str], lang: Language) -> tuple[str, list[str]]:
    """The data release a brief is built from: the store version (its file) and, per source, the edition with the
    load batch and file it came from. Returns (version, lines)."""
    lang = Language(lang)
    path = next((r[2] for r in con.execute(sql(QUERIES, "database_list")).fetchall() if r[2]), "")
    version = Path(path).stem if path else "—"
    published = (date.fromtimestamp(Path(path).stat().st_mtime).isoformat()
                 if path and Path(path).exists() else "—")
    rows = con.execute(sql(QUERIES, "release_sources"), [sorted(set(source_ids))]).fetchall()
    lines = [lang.t("vw_release_source", source=source_text(r[0], lang), edition=r[1], batch=r[2], file=r[3] or "—")
             for r in rows]
    return f"{version} ({published})", lines

def build(con: duckdb.DuckDBPyConnection, iso3: str, lang: Language | str = "en", group: str | None = None,
          max_charts: int = 10, progress: Progress | None = None, render: bool = True, year: int | None = None,
          indicators: list[str] | None = None, view: str = "") -> Brief:
    """Compute the brief for `iso3` against `group` (default: its region, else the hub), with data up to `year`
    (default: the latest), leading with `indicators` (default: the best compared), and render its charts.
    `view`: a line saying which dashboard view it was built from."""
    lang = Language(lang)
    report = progress or (lambda _f, _s: None)
    report(0.02, lang.t("rep_step_query"))
    info = q.country(con, iso3)
    if info is None:
        raise BriefError(lang.t("rep_no_data_country", country=iso3))
    country = lang.pick(info, "name")
    group = group or q.default_group(con, iso3)
    group_label = lang.pick(q.group_name(con, group), "name")
    group_members = q.group_members(con, group)
    members = sorted(set(group_members) | {iso3})
    obs = q.observations(con, members)
    if year is not None:
        obs = obs[obs["year"] <= int(year)]
    full = q.headline(obs, iso3)
    if full.empty:
        raise BriefError(lang.t("rep_no_data_country", country=country))
    lead = [c for c in (indicators or []) if c in set(full["indicator_code"])]
    peers_with_data = int(obs.loc[obs["iso3"] != iso3, "iso3"].nunique())
    table = q.pick_headline(full, first=lead)
    is_demo = bool(table["is_demo"].any())
    charts = _charts(obs, full, table, iso3, country, group_label, lang, is_demo, max_charts, members, lead)
    if render:
        for i, chart in enumerate(charts, start=1):
            report(0.05 + 0.6 * (i - 1) / max(1, len(charts)), lang.t("rep_step_chart", i=i, n=len(charts)))
            chart.png = images.to_png(chart.fig, chart.meta)
    sources = list(dict.fromkeys([_note(r, lang) for r in table.itertuples()]
                                 + [s for c in charts for s in c.meta.sources]))
    survey = q.survey_highlights(con, iso3)
    notes = [lang.t("rep_table_note", group=group_label), lang.t("vw_table_note_sig"), lang.t("vw_sig_rule"),
             lang.t("rep_note_missing"), lang.t("rep_note_older")]
    if not survey.empty:
        notes.append(lang.t("rep_survey_suppressed"))
    if is_demo:
        notes.insert(0, lang.t("rep_doc_demo"))
    version, lines = release(con, list(table["source_id"]) + list(full["source_id"]), lang)
    made = Brief(
        iso3=iso3, lang=lang, country=country, group_code=group, group=group_label, peers_with_data=peers_with_data,
        title=lang.t("rep_doc_title", country=country),
        subtitle=lang.t("rep_doc_subtitle", group=group_label, n=peers_with_data, year=int(full["year"].max())),
        generated=lang.t("rep_doc_generated", date=lang.date(date.today())), is_demo=is_demo,
        messages=_messages(full, country, group_label, peers_with_data, lang), table=table, charts=charts,
        survey=survey, sources=sources, notes=notes, year=int(year) if year is not None else None, lead=lead,
        view=view, compared=full,
    )
    made.release = [lang.t("vw_release_store", version=version.split(" ")[0], published=version.split(" ")[-1]
                      .strip("()"), command=made.command), *lines]
    return made

def _charts(obs: pd.DataFrame, full: pd.DataFrame, table: pd.DataFrame, iso3: str, country: str, group: str,
            lang: Language, is_demo: bool, max_charts: int, members: list[str], lead: list[str]) -> list[BriefChart]:
    """A gap overview, then for the view's indicators and those that say most (gains, gaps) a trend and the
    group's ranking, each drawn by the same builders as the pages (charts/)."""
    lang = Language(lang)
    charts: list[BriefChart] = []
    compared = table.dropna(subset=["gap_sd"])
    if len(compared) >= 2:
        best = compared.sort_values("gap_sd").iloc[-1]
        worst = compared.sort_values("gap_sd").iloc[0]
        alt = lang.t("vw_alt_gaps", country=country, group=group, k=len(compared),
                best=_name(best, lang), worst=_name(worst, lang))
        meta = ExportMeta(
            title=lang.t("rep_chart_gaps_title", country=country, group=group),
            subtitle=lang.t("rep_chart_gaps_sub"), sources=tuple(dict.fromkeys(_note(r, lang) for r in
                                                                                 compared.itertuples())),
            is_demo=is_demo, lang=lang, file_stem=f"{iso3}__gaps", alt=alt,
        )
        charts.append(BriefChart(figures.gaps(compared, lang, lang.t("rep_chart_gaps_axis"), is_demo), meta, alt))
    order = pd.concat([
        full[full["indicator_code"].isin(lead)],
        full.dropna(subset=["gain_sd"]).sort_values("gain_sd", ascending=False).head(2),
        full.dropna(subset=["gap_sd"]).sort_values("gap_sd").head(2),
        full.dropna(subset=["gap_sd"]).sort_values("gap_sd", ascending=False).head(1),
        table.assign(abs_gap=table["gap_sd"].abs()).sort_values("abs_gap", ascending=False),
        full,
    ]).drop_duplicates("indicator_code")
    for r in order.itertuples():
        if len(charts) >= max_charts:
            break
        name = _name(r, lang)
        sources = (_note(r, lang),)
        series = q.trend(obs, iso3, r.indicator_code)
        own = series.dropna(subset=["value"])
        if len(own) >= 2:
            first, last = int(series["year"].min()), int(series["year"].max())
            peer_last = series.dropna(subset=["peer_average"])
            alt = lang.t("vw_alt_trend", indicator=name, first=first, last=last, country=country,
                    value_first=_value(own["value"].iloc[0], r.decimals, r.unit, lang),
                    value_last=_value(own["value"].iloc[-1], r.decimals, r.unit, lang), group=group,
                    verdict=_trend_verdict(obs, iso3, r, lang),
                    peer_last=(_value(peer_last["peer_average"].iloc[-1], r.decimals, r.unit, lang)
                               if len(peer_last) else lang.t("missing")))
            meta = ExportMeta(
                title=name, subtitle=lang.t("rep_chart_trend_sub", country=country, group=group, first=first,
                                            last=last, unit=unit_label(r, lang)),
                sources=sources, is_demo=bool(r.is_demo), lang=lang, file_stem=f"{iso3}__trend__{r.indicator_code}",
                alt=alt,
            )
            fig = figures.trend(series, country, lang.t("rep_peer_average", group=group),
                                lang.t("rep_peer_range", group=group), lang, int(r.decimals), bool(r.is_demo))
            charts.append(BriefChart(fig, meta, alt))
        if len(charts) >= max_charts:
            break
        across = q.latest_across(obs, r.indicator_code, int(r.year), members)
        if across["value"].notna().sum() >= 3:
            chart_meta = {"name": name, "unit": unit_label(r.unit, lang), "decimals": int(r.decimals),
                          "higher_is_better": bool(r.higher_is_better)}
            others = across[(across["iso3"] != iso3) & across["value"].notna()]
            average = Average(label=lang.t("rep_peer_average", group=group) + " ("
                              + lang.t("n_of_N", n=len(others), N=len(members) - 1) + f", {int(r.year)})",
                              mean=float(others["value"].mean()) if len(others) else float("nan"), n=len(others),
                              N=len(members) - 1, year=int(r.year))
            ranges = {iso3: (int(r.rank_low), int(r.rank_high))} if not pd.isna(r.rank_low) else None
            alt = chart_alt.ranked(across, [average], chart_meta, lang, iso3, int(r.year), ranges)
            meta = ExportMeta(
                title=name, subtitle=lang.t("rep_chart_bars_sub", group=group, year=int(r.year),
                                            unit=unit_label(r, lang), country=country),
                sources=sources, is_demo=bool(r.is_demo), lang=lang, file_stem=f"{iso3}__peers__{r.indicator_code}",
                alt=alt,
            )
            fig = ranked_bar(across, [average], chart_meta, lang, iso3, bool(r.is_demo), ranges)
            charts.append(BriefChart(fig, meta, alt))
    return charts

def _trend_verdict(obs: pd.DataFrame, iso3: str, row: object, lang: str) -> str:
    """The first and last values of the trend, judged by the significance rule."""
    own = obs[(obs["indicator_code"] == row.indicator_code) & (obs["iso3"] == iso3)].sort_values("year")
    a, b = own.iloc[0], own.iloc[-1]
    verdict = sig.change(sig.Estimate.of(a["value"], a["std_error"], a["lower"], a["upper"]),
                         sig.Estimate.of(b["value"], b["std_error"], b["lower"], b["upper"]),
                         bool(row.higher_is_better))
    return sig.words(verdict, lang)

# --- Word -------------------------------------------------------------------------------------------------------

LOCALES = {"en": "en-GB", "ru": "ru-RU"}


def _document_language(doc: Document, lang: str) -> None:
    """The language of every run by default (w:docDefaults): spelling, hyphenation, and the PDF's /Lang, which
    screen readers use to pick a voice."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return
    element = rpr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        rpr.append(element)
    element.set(qn("w:val"), LOCALES.get(lang, lang))


def _style_fonts(doc: Document) -> None:
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption", "List Bullet"):
        style = doc.styles[name]
        style.font.name = "Arial"  # Liberation Sans in LibreOffice: same metrics, Cyrillic included
    doc.styles["Normal"].font.size = Pt(10.5)

def to_docx(brief: Brief) -> bytes:
    """The brief as an editable Word document: real headings, tables, pictures with alt text."""
    lang = brief.lang
    doc = Document()
    _style_fonts(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    _properties(doc.core_properties, brief)
    _document_language(doc, lang)
    if brief.is_demo:
        footer = section.footer.paragraphs[0]
        run = footer.add_run(lang.t("rep_demo_stamp"))
        run.bold, run.font.color.rgb = True, RGBColor(*DEMO_RGB)

    # Cover
    doc.add_paragraph(lang.t("app_title"), style="Subtitle")
    doc.add_heading(brief.title, level=0)
    doc.add_paragraph(brief.subtitle, style="Subtitle")
    if brief.is_demo:
        demo = doc.add_paragraph()
        run = demo.add_run(lang.t("rep_doc_demo"))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(13), RGBColor(*DEMO_RGB)
    doc.add_paragraph(brief.generated)
    if brief.view:
        doc.add_paragraph(brief.view)

    doc.add_heading(lang.t("rep_h_messages"), level=1)
    for message in brief.messages:
        doc.add_paragraph(message, style="List Bullet")
    doc.add_page_break()

    doc.add_heading(lang.t("rep_h_headline"), level=1)
    _docx_table(doc, brief.table_display(), widths=[4.6, 1.2, 1.8, 2.3, 2.0, 1.4, 3.7])
    doc.add_paragraph(lang.t("rep_table_note", group=brief.group), style="Caption")

    doc.add_heading(lang.t("rep_h_charts"), level=1)
    for i, chart in enumerate(brief.charts, start=1):
        doc.add_heading(lang.t("rep_fig_caption", i=i, title=chart.meta.title), level=2)
        png = chart.png or images.to_png(chart.fig, chart.meta)
        width_px, height_px = _png_size(png)
        # A full text column wide; a tall chart (a ranking of 40 countries) is fitted to the page's height instead.
        size = {"width": Cm(15)} if height_px / width_px * 15 <= 22 else {"height": Cm(22)}
        picture = doc.add_picture(io.BytesIO(png), **size)
        picture._inline.docPr.set("descr", chart.alt)  # noqa: SLF001 - python-docx has no alt-text API
        picture._inline.docPr.set("title", chart.meta.title)  # noqa: SLF001
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the source caption stays under its chart
        # Short source line here (the image carries licence and citation; the Sources section lists all)
        doc.add_paragraph(" ".join(lang.t("rep_source", source=s.name, edition=s.edition) for s in chart.meta.sources),
                          style="Caption")

    doc.add_heading(lang.t("rep_h_survey"), level=1)
    if brief.survey.empty:
        doc.add_paragraph(lang.t("rep_survey_none", country=brief.country))
    else:
        first = brief.survey.iloc[0]
        doc.add_paragraph(lang.t("rep_survey_intro", survey=first["survey"], year=int(first["year"]),
                                 measure=lang.t("rep_survey_measure")))
        _docx_table(doc, _survey_display(brief), widths=[9.0, 2.2, 2.5, 3.3])

    doc.add_heading(lang.t("rep_h_sources"), level=1)
    for s in brief.sources:
        line = f"{s.name}, {s.edition}. " + lang.t("rep_licence", licence=s.licence or "—")
        line += (f" {s.citation}" if s.citation else "") + (f" {s.url}" if s.url else "")
        doc.add_paragraph(line, style="List Bullet")
    for note in brief.notes:
        doc.add_paragraph(note)
    doc.add_heading(lang.t("vw_release_heading"), level=2)
    for line in brief.release:
        doc.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _properties(props: object, brief: Brief) -> None:
    """Document properties of the Word and PowerPoint files (and so of the PDF): title, author, language, what it
    is about, and the data release it was built from."""
    props.title = brief.title
    props.author = brief.lang.t("vw_author")
    props.last_modified_by = brief.lang.t("app_title")
    props.language = brief.lang
    props.subject = brief.subtitle
    props.keywords = "; ".join([brief.country, brief.group, brief.lang.t("app_title")])
    props.comments = brief.release[0][:255] if brief.release else ""  # the store version; the file lists all
    props.category = brief.lang.t("rep_brief_title")

def _png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, read from the PNG header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")

def _survey_display(brief: Brief) -> pd.DataFrame:
    lang = brief.lang
    return pd.DataFrame({
        lang.t("rep_col_question"): brief.survey["question_text"].astype(str),
        lang.t("rep_col_value"): [lang.n(v, 1) for v in brief.survey["value"]],
        lang.t("rep_col_hub"): [lang.n(v, 1) for v in brief.survey["hub_average"]],
        lang.t("rep_col_n"): [lang.n(v, 0) if pd.notna(v) else lang.t("missing") for v in brief.survey["n"]],
    })

def _docx_table(doc: Document, frame: pd.DataFrame, widths: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = str(name)
    _repeat_header(table.rows[0])
    for values in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)

def _repeat_header(row: object) -> None:
    """Mark a table's first row as a header: Word repeats it on every page and screen readers announce it."""
    properties = row._tr.get_or_add_trPr()  # noqa: SLF001 - python-docx has no API for header rows
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)

# --- PowerPoint ---------------------------------------------------------------------------------------------------

def to_pptx(brief: Brief) -> bytes:
    """The brief as a 16:9 deck: cover, messages, headline table, one slide per chart, survey, sources."""
    lang = brief.lang
    prs = Presentation()
    _properties(prs.core_properties, brief)
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    title_layout, content_layout, title_only = prs.slide_layouts[0], prs.slide_layouts[1], prs.slide_layouts[5]

    slide = prs.slides.add_slide(title_layout)
    slide.shapes.title.text = brief.title
    slide.placeholders[1].text = brief.subtitle + "\n" + brief.generated
    _place(slide, 36)
    _demo_box(slide, brief)

    slide = prs.slides.add_slide(content_layout)
    slide.shapes.title.text = lang.t("rep_h_messages")
    body = slide.placeholders[1].text_frame
    for i, message in enumerate(brief.messages):
        paragraph = body.paragraphs[0] if i == 0 else body.add_paragraph()
        paragraph.text = message
        paragraph.font.size = PPt(16)
    _place(slide)
    _demo_box(slide, brief)

    display = brief.table_display()
    for start in range(0, len(display), 6):
        slide = prs.slides.add_slide(title_only)
        slide.shapes.title.text = lang.t("rep_h_headline")
        _place(slide)
        _pptx_table(slide, display.iloc[start:start + 6], [3.9, 0.8, 1.3, 1.6, 1.4, 1.1, 2.4])
        _note_box(slide, lang.t("rep_table_note", group=brief.group))
        _demo_box(slide, brief)

    for i, chart in enumerate(brief.charts, start=1):
        slide = prs.slides.add_slide(title_only)
        slide.shapes.title.text = lang.t("rep_fig_caption", i=i, title=chart.meta.title)
        _place(slide, 22)
        png = chart.png or images.to_png(chart.fig, chart.meta)
        picture = slide.shapes.add_picture(io.BytesIO(png), 0, Inches(1.45), height=Inches(5.6))
        picture.left = Emu((prs.slide_width - picture.width) // 2)  # the chart's own proportions, centred
        picture._element.nvPicPr.cNvPr.set("descr", chart.alt)  # noqa: SLF001 - python-pptx has no alt-text API
        _demo_box(slide, brief)

    if not brief.survey.empty:
        slide = prs.slides.add_slide(title_only)
        slide.shapes.title.text = lang.t("rep_h_survey")
        _place(slide)
        _pptx_table(slide, _survey_display(brief), [7.0, 1.5, 1.8, 2.0])
        _demo_box(slide, brief)

    slide = prs.slides.add_slide(content_layout)
    slide.shapes.title.text = lang.t("rep_h_sources")
    body = slide.placeholders[1].text_frame
    lines = [f"{s.name}, {s.edition}. " + lang.t("rep_licence", licence=s.licence or "—") + f" {s.citation}"
             for s in brief.sources] + brief.notes + brief.release
    for i, line in enumerate(lines):
        paragraph = body.paragraphs[0] if i == 0 else body.add_paragraph()
        paragraph.text = line
        paragraph.font.size = PPt(11)
    _place(slide)
    _demo_box(slide, brief)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()

def _place(slide: object, title_size: int = 26) -> None:
    """Stretch the template's 4:3 placeholders over the 16:9 slide."""
    for shape in slide.placeholders:
        kind = shape.placeholder_format.idx
        if kind == 0:  # title
            top, height = (Inches(2.2), Inches(1.6)) if len(slide.placeholders) == 2 and slide.slide_layout.name \
                == "Title Slide" else (Inches(0.25), Inches(1.0))
            shape.left, shape.top, shape.width, shape.height = Inches(0.4), top, Inches(12.5), height
            for paragraph in shape.text_frame.paragraphs:
                paragraph.font.size = PPt(title_size)
        else:
            top = Inches(4.0) if slide.slide_layout.name == "Title Slide" else Inches(1.3)
            shape.left, shape.top, shape.width, shape.height = Inches(0.5), top, Inches(12.3), Inches(5.5)

def _pptx_table(slide: object, frame: pd.DataFrame, widths: list[float]) -> None:
    rows, cols = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(rows, cols, Inches(0.4), Inches(1.4), Inches(sum(widths)), Inches(0.4 * rows))
    table = shape.table
    for j, width in enumerate(widths):
        table.columns[j].width = Inches(width)
    for j, name in enumerate(frame.columns):
        table.cell(0, j).text = str(name)
    for i, values in enumerate(frame.itertuples(index=False), start=1):
        for j, value in enumerate(values):
            table.cell(i, j).text = str(value)
    for i in range(rows):
        for j in range(cols):
            for paragraph in table.cell(i, j).text_frame.paragraphs:
                paragraph.font.size = PPt(12 if i == 0 else 11)

def _note_box(slide: object, text: str) -> None:
    box = slide.shapes.add_textbox(Inches(0.4), Inches(6.55), Inches(12.5), Inches(0.6))
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    box.text_frame.paragraphs[0].font.size = PPt(10)

def _demo_box(slide: object, brief: Brief) -> None:
    if not brief.is_demo:
        return
    box = slide.shapes.add_textbox(Inches(0.4), Inches(7.1), Inches(12.5), Inches(0.35))
    box.text_frame.text = brief.lang.t("rep_demo_stamp")
    font = box.text_frame.paragraphs[0].font
    font.size, font.bold = PPt(11), True
    font.color.rgb = SlideRGB(*DEMO_RGB)

# --- PDF ----------------------------------------------------------------------------------------------------------

def office_path() -> str:
    """LibreOffice's `soffice`, which turns the Word brief into the same brief as PDF."""
    path = settings().soffice or next(filter(None, map(shutil.which, OFFICE_NAMES)), None)
    if not path:
        raise OfficeMissing("PDF needs LibreOffice and none was found. Install Debian's package: "
                            "`apt-get install -y libreoffice-writer-nogui`.")
    return path

def docx_to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    """Convert with LibreOffice headless, in a private profile so conversions can run side by side."""
    soffice = office_path()
    with tempfile.TemporaryDirectory(prefix="hub-brief-") as tmp:
        folder = Path(tmp)
        (folder / "brief.docx").write_bytes(docx)
        done = subprocess.run(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
             "--convert-to", PDF_FILTER, "--outdir", str(folder), str(folder / "brief.docx")],
            capture_output=True, text=True, timeout=timeout,
        )
        pdf = folder / "brief.pdf"
        if done.returncode != 0 or not pdf.exists():
            raise OfficeMissing(f"LibreOffice could not convert the brief: {done.stderr.strip() or done.stdout}")
        return pdf.read_bytes()

def to_pdf(brief: Brief) -> bytes:
    return docx_to_pdf(to_docx(brief))

def write(brief: Brief, formats: tuple[str, ...] = FORMATS, progress: Progress | None = None) -> dict[str, bytes]:
    """The brief in each requested format (the PDF is the Word document converted, so both say the same)."""
    report = progress or (lambda _f, _s: None)
    out: dict[str, bytes] = {}
    if "docx" in formats or "pdf" in formats:
        report(0.7, brief.lang.t("rep_step_docx"))
        out["docx"] = to_docx(brief)
    if "pptx" in formats:
        report(0.8, brief.lang.t("rep_step_pptx"))
        out["pptx"] = to_pptx(brief)
    if "pdf" in formats:
        report(0.85, brief.lang.t("rep_step_pdf"))
        out["pdf"] = docx_to_pdf(out["docx"])
    report(1.0, "")
    return {fmt: out[fmt] for fmt in formats}

def file_name(brief: Brief, fmt: str) -> str:
    return f"{brief.lang.t('rep_brief_file')}-{brief.iso3}-{brief.group_code}-{brief.lang}.{fmt}"
