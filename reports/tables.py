"""Table exports: CSV (UTF-8 with BOM) and XLSX with a metadata sheet; no cell can run as a formula."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.i18n import LANGUAGES, Language
from reports.meta import ExportMeta

# A spreadsheet treats text starting with these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")  # "-5", "-1.25": a number, nothing to run


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula."""
    return text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text)


def neutralise(value: object) -> object:
    """Text that could run as a formula gets a leading apostrophe; numbers and other text pass unchanged."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


# Coded values of exported columns -> the catalogue key that says them (yes/no columns: sv_yes, sv_no).
CODED = {
    "vs_hub": {"above": "cmp_vs_hub_above", "below": "cmp_vs_hub_below", "within": "cmp_prof_sig_within",
               "unknown": "cmp_prof_sig_unknown"},
    "significance": {"above": "cmp_prof_sig_above", "below": "cmp_prof_sig_below", "within": "cmp_prof_sig_within",
                     "unknown": "cmp_prof_sig_unknown"},
    "status": {"active": "status_active", "rolled_back": "status_rolled_back"},
    "origin": {"published": "sv_origin_published", "computed": "sv_origin_computed"},
    "measure": {"share": "sv_measure_share", "mean": "sv_measure_published_mean",
                "index": "sv_measure_published_index"},
}
YES_NO = ("is_fallback", "is_fallback_x", "is_fallback_y", "is_demo", "is_suppressed", "significant")
# Columns named per language (name_kk, country_ru, label_en): one header whatever the language.
BY_LANGUAGE = {"name": "exp_indicator", "country": "exp_country", "label": "exp_label"}


def for_readers(frame: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """The table as its readers get it: known column names and coded values (above / within / below, yes / no,
    statuses) in `lang`; columns a page already named for readers pass unchanged."""
    lang = Language(lang)
    out = frame.copy()
    for column, codes in CODED.items():
        if column in out and (out[column].dtype == object or pd.api.types.is_string_dtype(out[column])):
            out[column] = out[column].map(lambda v, codes=codes: lang.t(codes[v]) if v in codes else v)
    for column in YES_NO:
        if column in out and pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: lang.t("sv_yes"), False: lang.t("sv_no")})
    names = {}
    for column in map(str, out.columns):
        base, _, code = column.rpartition("_")
        if base in BY_LANGUAGE and code in LANGUAGES:
            names[column] = lang.t(BY_LANGUAGE[base])
        elif column in ("source", "licence"):
            names[column] = lang.t(f"rep_col_{column}")
        elif lang.has(f"exp_{column}"):
            names[column] = lang.t(f"exp_{column}")
    return out.rename(columns=names)


def with_source_columns(frame: pd.DataFrame, meta: ExportMeta) -> pd.DataFrame:
    """The table plus source/edition/licence columns when it carries none, so the CSV keeps its provenance."""
    known = {"source", "edition", "source_id"} | {Language(c).t("rep_col_source").lower() for c in LANGUAGES}
    if not meta.sources or any(str(c).lower() in known for c in frame.columns):
        return frame
    out = frame.copy()
    out[meta.lang.t("rep_col_source")] = "; ".join(f"{s.name}, {s.edition}" for s in meta.sources)
    out[meta.lang.t("rep_col_licence")] = "; ".join(sorted({s.licence for s in meta.sources if s.licence}))
    if meta.is_demo:
        out[meta.lang.t("demo_tag")] = meta.lang.t("rep_demo_stamp")
    return out


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def to_csv(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """CSV in UTF-8 with a BOM (Excel then reads Cyrillic right); missing values are empty, never 0."""
    # CRLF line ends (RFC 4180): the csv writer then quotes any field holding a CR or LF, so rows never split.
    frame = with_source_columns(for_readers(frame, meta.lang), meta)
    return _safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _cell(ws, value: object, bold: bool = False) -> WriteOnlyCell:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT:
        value = None
    elif isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    elif hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones: written as UTC
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: openpyxl would otherwise store "=..." as a formula
        if is_dangerous(value):
            cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
    if bold:
        cell.font = Font(bold=True)
    return cell


def metadata_rows(meta: ExportMeta) -> list[tuple[str, str]]:
    """The metadata sheet: title, subtitle, each source with edition, publisher-free licence and citation."""
    now = datetime.now(UTC)
    rows = [(meta.lang.t("rep_meta_title"), meta.title), (meta.lang.t("rep_meta_subtitle"), meta.subtitle)]
    for s in meta.sources:
        rows += [
            (meta.lang.t("rep_col_source"), s.name), (meta.lang.t("edition"), s.edition),
            (meta.lang.t("rep_col_licence"), s.licence), (meta.lang.t("rep_meta_citation"), s.citation),
            (meta.lang.t("rep_meta_url"), s.url),
        ]
    rows += [(meta.lang.t("rep_meta_note"), note) for note in meta.notes]
    if meta.is_demo:
        rows.append((meta.lang.t("demo_tag"), meta.lang.t("rep_demo_stamp")))
    rows += [
        (meta.lang.t("rep_meta_exported"), f"{meta.lang.date(now)}, {now:%H:%M} UTC"),
        (meta.lang.t("rep_meta_view"), meta.view_url),
        (meta.lang.t("rep_meta_app"), meta.lang.t("app_title")),
    ]
    return rows


def to_xlsx(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """Workbook with the data sheet (numbers as numbers, text as inert text) and a metadata sheet."""
    frame = for_readers(frame, meta.lang)
    wb = Workbook(write_only=True)
    data = wb.create_sheet(meta.lang.t("rep_sheet_data")[:31])
    data.freeze_panes = "A2"
    data.append([_cell(data, str(c), bold=True) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        data.append([_cell(data, v) for v in row])
    info = wb.create_sheet(meta.lang.t("rep_sheet_meta")[:31])
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    for key, value in metadata_rows(meta):
        info.append([_cell(info, key, bold=True), _cell(info, value or "")])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
