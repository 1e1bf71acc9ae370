"""Chart exports (PNG, SVG, PDF, offline HTML, ZIP pack) stamped with title, sources, licence and DEMO."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import struct
import textwrap
import threading
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from kaleido.errors import JavascriptError, KaleidoError

from charts.style import legend_height
from core.errors import HubError
from core.settings import ROOT, settings
from reports.figure_text import literal_figure
from reports.meta import ExportMeta

TOPOJSON_DIR = ROOT / "static" / "topojson"
# Maps exported by kaleido read their outlines from the files we ship, never from a CDN.
pio.defaults.topojson = TOPOJSON_DIR.as_uri() + "/"

# Layout size in CSS pixels and the scale of raster exports: 800 px x 2.5 = 2000 px, which prints 16.9 cm wide
# (a full A4 text column) at 300 dpi; fonts of 13-14 px come out at about 8-9 pt on paper.
WIDTH, HEIGHT, SCALE, DPI = 800, 520, 2.5, 300
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FORMATS = ("png", "svg", "pdf", "html")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html",
        "zip": "application/zip"}

_lock = threading.Lock()  # kaleido's sync server answers one call at a time, in order


class BrowserMissing(HubError):
    """No Chromium for kaleido; the message says how to install Debian's."""

    code = "browser_missing"


def browser_path() -> str:
    """The browser kaleido drives: `BROWSER_PATH` if set, else Debian's chromium found on PATH."""
    path = settings().browser_path or next(filter(None, map(shutil.which, BROWSER_NAMES)), None)
    if not path or not Path(path).exists():
        raise BrowserMissing(
            "Image export needs Chromium and none was found. Install Debian's package: "
            "`apt-get install -y chromium` (or set BROWSER_PATH to a Chromium/Chrome executable)."
        )
    return path


def start_browser() -> None:
    """Start the one browser this process keeps warm for every export (a no-op once started)."""
    with _lock:
        if kaleido._global_server.is_running():  # noqa: SLF001 - kaleido offers no public "is running"
            return
        kaleido.start_sync_server(path=browser_path(), silence_warnings=True)  # passed to choreographer.Browser


def stop_browser() -> None:
    """Close the warm browser (the CLI does, so the process ends without kaleido's exit-time noise)."""
    with _lock:
        if kaleido._global_server.is_running():  # noqa: SLF001
            kaleido.stop_sync_server(silence_warnings=True)


def _render(fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    start_browser()
    spec = fig.to_plotly_json()
    spec = json.loads(pio.to_json(spec, validate=False))  # plain JSON types (numpy arrays, dates) for the browser
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    with _lock:
        try:
            return kaleido.calc_fig_sync(spec, opts=opts, topojson=pio.defaults.topojson)
        except (KaleidoError, JavascriptError):
            raise  # the figure itself cannot be drawn
        except Exception:  # noqa: BLE001 - the browser died (killed, out of memory): start a fresh one, once
            _restart_server()
            return kaleido.calc_fig_sync(spec, opts=opts, topojson=pio.defaults.topojson)


def _restart_server() -> None:
    with contextlib.suppress(Exception):
        kaleido.stop_sync_server(silence_warnings=True)
    kaleido._global_server._initialized = False  # noqa: SLF001 - a server whose browser died may not reset itself
    kaleido.start_sync_server(silence_warnings=True)


def source_lines(meta: ExportMeta) -> list[str]:
    """'Source: name, edition. Licence: ... Citation' for each source, then notes, in the meta's language."""
    lines = []
    for s in meta.sources:
        line = meta.lang.t("rep_source", source=s.name, edition=s.edition)
        if s.licence:
            line += " " + meta.lang.t("rep_licence", licence=s.licence)
        if s.citation:
            line += " " + s.citation
        lines.append(line)
    lines.extend(meta.notes)
    return lines


def footer_lines(meta: ExportMeta, width_chars: int = 120) -> list[str]:
    """The footer printed under an exported chart: demo warning, sources, the app and date."""
    lines = [meta.lang.t("rep_demo_stamp")] if meta.is_demo else []
    lines += source_lines(meta)
    lines.append(meta.lang.t("rep_made_with", date=meta.lang.date(date.today())))
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, width_chars) or [""])
    return wrapped


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    """Text for an HTML attribute in single quotes."""
    return _escape(text).replace("'", "&#39;").replace('"', "&quot;")


@dataclass(frozen=True)
class _Frame:
    """What the stamp adds around a chart at a given width: title and subtitle lines, footer lines, margins."""

    title_lines: list[str]
    subtitle_lines: list[str]
    footer: list[str]
    top: int
    bottom: int
    legend_shown: bool


def _frame(fig: go.Figure, meta: ExportMeta, width: int) -> _Frame:
    lines = footer_lines(meta, width_chars=max(60, int(width / 6.3)))
    footer_px = 15 * len(lines) + 10
    title_lines = textwrap.wrap(meta.title, max(30, int(width / 13) - (8 if meta.is_demo else 0))) or [""]
    subtitle_lines = textwrap.wrap(meta.subtitle, max(40, int(width / 7.2)))
    bottom = (40 if _has_x_axis_labels(fig) else 16) + footer_px  # room for axis labels above the footer
    legend_shown = fig.layout.showlegend is True or (
        fig.layout.showlegend is None and sum(1 for tr in fig.data if tr.showlegend is not False) > 1)
    # Room the chart itself asked for above its plot (a ranking's average labels, panel titles) stays its own.
    own = max(0, int(fig.layout.margin.t or 0) - 30) if fig.layout.margin.t is not None else 0
    top = (40 + 24 * len(title_lines) + 17 * len(subtitle_lines) + own
           + (_legend_px(fig, width) if legend_shown else 0))
    return _Frame(title_lines, subtitle_lines, lines, top, bottom, legend_shown)


def export_height(fig: go.Figure, meta: ExportMeta, width: int = WIDTH) -> int:
    """The export's height: the plot keeps the height its builder gave it (a ranking of 40 countries is taller
    than one of 5) plus the room the title, legend and footer take; never less than HEIGHT."""
    margin = fig.layout.margin
    plot = (fig.layout.height or HEIGHT) - (margin.t if margin.t is not None else 40) - (
        margin.b if margin.b is not None else 40)
    frame = _frame(fig, meta, width)
    return int(max(HEIGHT, plot + frame.top + frame.bottom))


def stamped(fig: go.Figure, meta: ExportMeta, width: int = WIDTH, height: int | None = None) -> go.Figure:
    """A copy of `fig` carrying the title, subtitle, source lines and DEMO mark, sized `width` x `height` (by
    default the height the chart needs: see export_height)."""
    height = height or export_height(fig, meta, width)
    out = literal_figure(fig)  # a copy (the page's figure is never changed) with data tags shown as text
    frame = _frame(out, meta, width)
    lines, title_lines, subtitle_lines = frame.footer, frame.title_lines, frame.subtitle_lines
    title = "<br>".join(f"<b>{_escape(line)}</b>" for line in title_lines if line)
    if meta.is_demo:
        title += f" <span style='color:#D55E00'>[{_escape(meta.lang.t('demo_tag'))}]</span>"
    left = max(70, int(fig.layout.margin.l or 0))
    legend_shown = frame.legend_shown
    out.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "xref": "container", "yanchor": "top",
               "y": 1 - (10 + 24 * (len(title_lines) - 1)) / height,
               "yref": "container", "font": {"size": 19},
               "subtitle": {"text": "<br>".join(_escape(line) for line in subtitle_lines),
                            "font": {"size": 13, "color": "#444444"}}},
        font={"family": FONT, "size": 13}, width=width, height=height,
        margin={"t": frame.top, "b": frame.bottom, "l": left, "r": 30},
        paper_bgcolor="white",
    )
    if not legend_shown:
        out.update_traces(showlegend=False)
    out.update_layout(showlegend=True)
    if legend_shown:
        # A legend right under the subtitle, placed in the figure's own coordinates: it never meets the title, the
        # footer, or what the chart draws above its plot (average labels, panel titles).
        below_titles = 40 + 24 * len(title_lines) + 17 * len(subtitle_lines) - 6
        out.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "xref": "container",
                                  "y": 1 - below_titles / height, "yref": "container", "yanchor": "top",
                                  "font": {"size": 11}, "title": None})
    # The footer is the one entry of a second legend placed in the figure's own (container) coordinates, the only
    # text element Plotly positions there: it stays at the bottom-left whatever margins the axis labels push out.
    out.add_trace(go.Scatter(
        x=[0], y=[0], mode="markers", marker={"color": "rgba(0,0,0,0)", "size": 1}, hoverinfo="skip", showlegend=True,
        name="<br>".join(_escape(line) for line in lines), legend="legend99", xaxis="x99", yaxis="y99",
    ))
    hidden = {"visible": False, "domain": [0, 0.001], "fixedrange": True}
    out.update_layout(xaxis99={**hidden, "anchor": "y99"}, yaxis99={**hidden, "anchor": "x99"})
    out.update_layout(legend99={
        "orientation": "h", "xref": "container", "yref": "container", "x": 0, "xanchor": "left", "y": 0,
        "yanchor": "bottom",
        "itemwidth": 30, "font": {"size": 10.5, "color": "#333333"}, "itemclick": False, "itemdoubleclick": False,
        "bgcolor": "rgba(0,0,0,0)", "indentation": -15, "tracegroupgap": 0,
    })
    if meta.is_demo and not any((a.text or "") == meta.lang.t("demo_tag") for a in out.layout.annotations):
        out.add_annotation(
            text=meta.lang.t("demo_tag"), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
            font={"size": 72, "color": "rgba(213, 94, 0, 0.18)"}, textangle=-20,
        )
    return out


def _legend_px(fig: go.Figure, width: int) -> int:
    """The height of the export's legend of `fig` (11 px type across the page, long names wrapped by the chart)."""
    names = list(dict.fromkeys(trace.name for trace in fig.data if trace.showlegend is not False and trace.name))
    return legend_height(names, width - 60, 11)


def _has_x_axis_labels(fig: go.Figure) -> bool:
    return any(trace.type not in ("choropleth", "scattergeo", "pie") for trace in fig.data)


def _with_dpi(png: bytes, dpi: int = DPI) -> bytes:
    """The same PNG saying its print resolution (a pHYs chunk after IHDR), so Word and LibreOffice place it at the
    intended size. Written directly: re-encoding the image with Pillow to add 21 bytes costs 0.1 s a chart."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    phys = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    chunks, pos = [], 8
    while pos < len(png):
        length = struct.unpack(">I", png[pos:pos + 4])[0]
        end = pos + 12 + length
        kind = png[pos + 4:pos + 8]
        if kind != b"pHYs":
            chunks.append(png[pos:end])
        if kind == b"IHDR":
            chunks.append(phys)
        pos = end
    return png[:8] + b"".join(chunks)


def _png_text(png: bytes, keyword: str, text: str) -> bytes:
    """The same PNG with an iTXt chunk (UTF-8 text, any language) after IHDR: "Description" is the PNG
    keyword for what an image shows, which image viewers and screen readers read as its alt text."""
    body = b"iTXt" + keyword.encode("latin-1") + b"\0\0\0" + b"\0" + b"\0" + text.encode("utf-8")
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    end = 8 + 12 + struct.unpack(">I", png[8:12])[0]  # IHDR is always first
    return png[:end] + chunk + png[end:]


def _svg_with_alt(svg: bytes, meta: ExportMeta) -> bytes:
    """The SVG as an image with a name and a description (role="img", <title>, <desc>): what screen readers
    announce, and what Word and browsers show as its alt text."""
    text = svg.decode("utf-8")
    start = text.index("<svg")
    head_end = text.index(">", start)
    head = text[start:head_end]
    attrs = ' role="img" aria-labelledby="hub-title hub-desc"' if "role=" not in head else ""
    inner = (f'<title id="hub-title">{_escape(meta.title)}</title>'
             f'<desc id="hub-desc">{_escape(meta.alt or meta.title)}</desc>')
    return (text[:head_end] + attrs + ">" + inner + text[head_end + 1:]).encode("utf-8")


def _pdf_with_properties(pdf: bytes, meta: ExportMeta) -> bytes:
    """The PDF with its document properties: title, the alt text as subject, author, language."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": meta.title, "/Subject": meta.alt or meta.subtitle,
                         "/Author": meta.lang.t("vw_author"), "/Creator": meta.lang.t("app_title")})
    writer._root_object[NameObject("/Lang")] = TextStringObject(meta.lang)  # noqa: SLF001 - no public setter
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def to_png(fig: go.Figure, meta: ExportMeta, width: int = WIDTH, height: int | None = None,
           scale: float = SCALE) -> bytes:
    """Print-resolution PNG (2000 px wide by default, 300 dpi), stamped; its alt text in the file."""
    height = height or export_height(fig, meta, width)
    png = _with_dpi(_render(stamped(fig, meta, width, height), "png", width, height, scale))
    return _png_text(png, "Description", meta.alt) if meta.alt else png


def to_svg(fig: go.Figure, meta: ExportMeta, width: int = WIDTH, height: int | None = None) -> bytes:
    """Vector SVG, stamped; text stays text (searchable, editable); named and described for screen readers."""
    height = height or export_height(fig, meta, width)
    return _svg_with_alt(_render(stamped(fig, meta, width, height), "svg", width, height, 1), meta)


def to_pdf(fig: go.Figure, meta: ExportMeta, width: int = WIDTH, height: int | None = None) -> bytes:
    """Vector PDF of one page, stamped, with title, subject (the alt text), author and language set."""
    height = height or export_height(fig, meta, width)
    return _pdf_with_properties(_render(stamped(fig, meta, width, height), "pdf", width, height, 1), meta)


def _geo_assets(fig: go.Figure) -> dict[str, object]:
    """The map outlines a figure needs, read from the shipped topojson files, keyed as plotly.js names them."""
    assets = {}
    geos = [fig.layout[k] for k in fig.layout if re.fullmatch(r"geo\d*", k)]
    has_geo_trace = any(trace.type in ("choropleth", "scattergeo") for trace in fig.data)
    if has_geo_trace and not geos:
        geos = [fig.layout.geo]
    for geo in geos:
        scope = (geo.scope or "world").replace(" ", "-")
        name = f"{scope}_{geo.resolution or 110}m"
        file = TOPOJSON_DIR / f"{name}.json"
        if file.exists():
            assets[name] = json.loads(file.read_text(encoding="utf-8"))
    return assets


def to_html(fig: go.Figure, meta: ExportMeta) -> bytes:
    """A standalone interactive page: plotly.js and any map outlines embedded, so it opens with no network."""
    out = stamped(fig, meta)
    out.update_layout(width=None, height=max(620, export_height(fig, meta)), autosize=True)
    page = out.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False, "responsive": True})
    assets = _geo_assets(fig)
    head = f"<title>{_escape(meta.title)}</title><meta charset='utf-8'>"
    if meta.alt:
        head += f"<meta name='description' content='{_attr(meta.alt)}'>"
    if assets:
        head += "<script>window.PlotlyGeoAssets = {topojson: " + json.dumps(assets) + "};</script>"
    page = page.replace("<head>", "<head>" + head, 1)
    if meta.alt:  # the description under the chart, for every reader (and the chart's accessible name)
        page = page.replace("<body>", f"<body><figure role='figure' aria-label='{_attr(meta.title)}'>", 1)
        page = page.replace("</body>", f"<figcaption>{_escape(meta.alt)}</figcaption></figure></body>", 1)
    return page.encode("utf-8")


def export(fig: go.Figure, meta: ExportMeta, fmt: str) -> bytes:
    """One chart in one of FORMATS."""
    builders = {"png": to_png, "svg": to_svg, "pdf": to_pdf, "html": to_html}
    return builders[fmt](fig, meta)


def figure_data(fig: go.Figure) -> pd.DataFrame:
    """The numbers a figure draws, one row per point (series, x, y or location, value), for chart packs."""
    rows = []
    for trace in fig.data:
        name = getattr(trace, "name", None) or ""
        if trace.type in ("choropleth", "scattergeo"):
            values = trace.z if trace.type == "choropleth" else [None] * len(trace.locations or [])
            for loc, value in zip(trace.locations or [], values or [], strict=False):
                rows.append({"series": name, "location": loc, "value": value})
            continue
        xs = list(trace.x) if getattr(trace, "x", None) is not None else []
        ys = list(trace.y) if getattr(trace, "y", None) is not None else []
        for x, y in zip(xs, ys, strict=False):
            rows.append({"series": name, "x": x, "y": y})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class PackItem:
    """One chart of a view for a chart pack; `data` is the table behind it (else read from the figure)."""

    fig: go.Figure
    meta: ExportMeta
    data: pd.DataFrame | None = None
    png: bytes = b""  # already rendered (e.g. by a brief): reused instead of drawn again


def chart_pack(items: Sequence[PackItem | tuple], meta: ExportMeta) -> bytes:
    """ZIP of every chart of a view: PNG + SVG + CSV data each, and a README with the sources."""
    from reports.tables import to_csv  # tables imports nothing from here; a late import keeps the layers flat

    buffer = io.BytesIO()
    readme = [meta.title, meta.subtitle, ""]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, raw in enumerate(items, start=1):
            item = raw if isinstance(raw, PackItem) else PackItem(*raw)
            stem = f"{i:02d}-{_slug(item.meta.file_stem)}"
            zf.writestr(f"{stem}.png", item.png or to_png(item.fig, item.meta))
            zf.writestr(f"{stem}.svg", to_svg(item.fig, item.meta))
            frame = item.data if item.data is not None else figure_data(item.fig)
            zf.writestr(f"{stem}.csv", to_csv(frame, item.meta))
            readme += [f"{stem}: {item.meta.title}", f"  {item.meta.subtitle}"]
            if item.meta.alt:
                readme.append(f"  {item.meta.alt}")
            readme += [f"  {line}" for line in footer_lines(item.meta, 200)]
        zf.writestr("README.txt", "\n".join(readme).encode("utf-8-sig"))
    return buffer.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-")[:80] or "chart"
