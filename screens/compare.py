"""The compare screen: one indicator across chosen countries, against the hub average (over a stated set) and a peer
group's, every gap and rank judged by the significance rule."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from analytics import breakdowns as bd
from analytics import compare, peers
from analytics import significance as sig
from analytics.selection import Selection
from analytics.significance import Estimate
from charts import alt
from charts import compare as cc
from core.i18n import Language
from core.text import markdown_literal
from reports.images import PackItem
from reports.meta import ExportMeta
from screens import common
from screens.reading import Read

UNCERTAINTY = (("cmp_std_error", "std_error"), ("cmp_lower", "lower"), ("cmp_upper", "upper"))
EXPORT_COLUMNS = ["country", "iso3", "value", "value_year", "is_fallback", "hub_rank", "rank_low", "rank_high",
                  "std_error", "lower", "upper", "vs_hub"]
SERIES_COLUMNS = ["country", "iso3", "year", "value", "std_error", "lower", "upper"]


@dataclass(frozen=True)
class Picks:
    """What the reader picked: indicator, breakdown, year, how many years back a value may come from, the highlighted
    country, the countries shown, the hub set and the peer group."""

    code: str
    year: int
    lag: int
    focus: str | None
    chosen: tuple[str, ...]
    hub: peers.PeerSet
    peer: str  # the peer group's code
    peer_name: str
    peer_members: tuple[str, ...]
    sel: Selection  # the breakdown picked (the total by default) of the editions in use

    @property
    def needed(self) -> list[str]:
        """Every country whose value the view needs: shown, in the hub set, in the peer group."""
        return sorted(set(self.chosen) | set(self.hub.members) | set(self.peer_members))


@dataclass(frozen=True)
class Chart:
    fig: go.Figure
    meta: ExportMeta  # without the link to the view (the page adds it)


@dataclass(frozen=True)
class Scatter:
    """The chosen indicator against a second one; `fig` is None when no country has both values."""

    y_meta: pd.Series
    y_sources: pd.DataFrame
    fig: go.Figure | None = None
    note: str = ""
    meta: ExportMeta | None = None
    table: pd.DataFrame | None = None


@dataclass
class View:
    """Everything the compare page shows of `picks`: values, averages, verdicts, notes, and the charts on demand."""

    read: Read
    picks: Picks
    lang: Language
    meta: pd.Series  # the indicator's row of analytics.compare.indicators
    shown: dict  # what the figure builders need of the indicator (its name with the breakdown shown)
    years: list[int]  # years with data of the indicator
    everyone: pd.DataFrame  # year_values of every country needed
    values: pd.DataFrame  # those of the countries shown, with their hub rank
    averages: list[compare.Average]
    verdicts: dict[str, sig.Verdict]  # iso3 -> its gap to the hub average
    spans: dict[str, tuple[int, int]]  # iso3 -> the ranks its interval allows among the hub set
    chart_spans: dict[str, tuple[int, int]]  # the same among the countries shown
    sources: pd.DataFrame
    subtitle: str
    stem: str
    average_notes: tuple[str, ...]
    notes: tuple[str, ...]
    value_notes: list[str] = field(default_factory=list)

    @property
    def demo(self) -> bool:
        return bool(self.sources["is_demo"].any())

    @property
    def all_missing(self) -> bool:
        return bool(self.values["value"].isna().all())

    @property
    def title(self) -> str:
        return f"{self.shown['name']}, {self.picks.year}"

    def export(self, stem: str, alt_text: str = "", title: str | None = None, subtitle: str | None = None
               ) -> ExportMeta:
        return common.export_meta(title or self.title, subtitle or self.subtitle, self.sources, self.lang, stem,
                                  alt_text, self.notes)

    def ranking(self) -> Chart:
        p = self.picks
        fig = cc.ranked_bar(self.values, self.averages, self.shown, self.lang, p.focus, self.demo, self.chart_spans)
        text = alt.ranked(self.values, self.averages, self.shown, self.lang, p.focus, p.year, self.chart_spans)
        return Chart(fig, self.export(self.stem + "-ranking", text))

    def map(self) -> Chart:
        p = self.picks
        fig = cc.value_map(self.values, self.shown, self.lang, self.demo)
        text = alt.ranked(self.values, self.averages, self.shown, self.lang, p.focus, p.year, self.chart_spans)
        return Chart(fig, self.export(self.stem + "-map", text))

    def series_frame(self, first: int, last: int) -> tuple[pd.DataFrame, list]:
        """The chosen countries' values from `first` to `last`, and the hub set's and the peer group's averages."""
        p, read = self.picks, self.read
        frame = read(compare.series, p.code, sorted(p.chosen), int(first), int(last), sel=p.sel)
        hub_series = read(compare.group_series, p.code, list(p.hub.members), sel=p.sel)
        lines = [(p.hub.short(self.lang), hub_series[hub_series["year"].between(first, last)], len(p.hub.members))]
        if p.peer_members:
            peer_series = read(compare.group_series, p.code, sorted(p.peer_members), sel=p.sel)
            lines.append((peers.group_set(p.peer, p.peer_name, list(p.peer_members)).short(self.lang),
                          peer_series[peer_series["year"].between(first, last)], len(set(p.peer_members))))
        return frame, lines

    def series(self, first: int, last: int) -> Chart | None:
        """The series chart from `first` to `last`; None when no chosen country has a value then."""
        frame, lines = self.series_frame(first, last)
        if frame.empty:
            return None
        p, lang = self.picks, self.lang
        fig = cc.time_series(frame, lines, self.shown, lang, p.focus, self.demo, peers=sorted(p.peer_members))
        text = alt.series(frame, lines, self.shown, lang, p.focus, sorted(p.peer_members))
        subtitle = lang.t("cmp_subtitle", year=f"{first}–{last}", edition=", ".join(self.sources["edition"]))
        return Chart(fig, self.export(f"series-{p.code}", text, title=self.shown["name"], subtitle=subtitle))

    def series_captions(self, frame: pd.DataFrame) -> list[str]:
        captions = [self.lang.t("cmp_series_note")]
        if frame["std_error"].notna().any() or frame["lower"].notna().any():
            captions.append(self.lang.t("cmp_bands_note", limit=cc.BAND_LIMIT))
        return captions

    def series_table(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(country=frame[self.lang.col("name")])[SERIES_COLUMNS]

    def charts(self) -> list[PackItem]:
        """Every chart of this view, for the pack (built when it is asked for: the tabs draw only the open one)."""
        items = [PackItem(*_pair(self.ranking())), PackItem(*_pair(self.map()))]
        made = self.series(self.years[0], self.years[-1])
        if made:
            items.insert(1, PackItem(*_pair(made)))
        return items

    def table(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The values as the reader reads them (numbers written out, years, ranks and verdicts in words), sorted by
        country, and the same as numbers for the downloads."""
        p, lang, values = self.picks, self.lang, self.values
        decimals, hub, name_col = int(self.meta["decimals"]), list(p.hub.members), lang.col("name")
        reporting = compare.hub_reporting(self.everyone, hub, p.year)
        verdicts, spans = self.verdicts, self.spans
        values = values.assign(  # against the hub average, by the significance rule (values of the year itself)
            vs_hub=[verdicts[i].code if i in verdicts else "missing" for i in values["iso3"]],
            rank_low=[spans[i][0] if i in spans else None for i in values["iso3"]],
            rank_high=[spans[i][1] if i in spans else None for i in values["iso3"]])
        table = pd.DataFrame({
            lang.t("country"): values[name_col],
            "ISO3": values["iso3"],
            lang.t("value"): [lang.n(v, decimals) for v in values["value"]],
            lang.t("cmp_value_year"): [str(int(y)) if pd.notna(y) else "—" for y in values["value_year"]],
            lang.t("cmp_note"): [lang.t("cmp_from_year", year=int(y)) if f else ("" if pd.notna(v) else
                                 lang.t("missing")) for v, y, f in zip(values["value"], values["value_year"],
                                                                       values["is_fallback"], strict=True)],
            lang.t("cmp_rank_hub"): [sig.rank_words(int(r), reporting + (iso not in hub), spans.get(iso), lang)
                                     if pd.notna(r) else "—"
                                     for r, iso in zip(values["hub_rank"], values["iso3"], strict=True)],
            # Published uncertainty; a dash where the source publishes none (never a blank that reads as zero).
            **{lang.t(key): [lang.n(v, decimals + 2) if pd.notna(v) else "—" for v in values[column]]
               for key, column in UNCERTAINTY},
            lang.t("vw_col_hub_verdict"): [sig.words(verdicts[i], lang, "gap") if i in verdicts else "—"
                                           for i in values["iso3"]],
        }).sort_values(lang.t("country"))
        return table, values.assign(country=values[name_col])[EXPORT_COLUMNS]

    def scatter(self, indicators: pd.DataFrame, y_code: str) -> Scatter:
        """This view's indicator against `y_code` in the same year (the same group when `y_code` has it, else the
        breakdown it is listed by)."""
        p, read, lang = self.picks, self.read, self.lang
        y_meta = indicators.set_index("code").loc[y_code]
        y_breakdowns = read(bd.present, y_code, None, sel=p.sel)["breakdown"].tolist()
        y_sel = replace(p.sel, breakdown=p.sel.breakdown if p.sel.breakdown in y_breakdowns else y_meta["breakdown"])
        # The first indicator's values are already at hand; only the second one is queried.
        y_values = read(compare.year_values, y_code, p.year, p.needed, p.lag, sel=y_sel)
        y_sources = read(compare.sources_of, [y_code], sel=y_sel)
        pair = compare.pair(self.values, y_values)
        both = pair["value_x"].notna() & pair["value_y"].notna()
        if not both.any():
            return Scatter(y_meta, y_sources)
        hub_means = {"x": self.averages[0].mean, "y": compare.average(y_values, list(p.hub.members), p.year).mean}
        y_shown = named(read, y_meta, y_sel.breakdown, lang)
        pair_sources = pd.concat([self.sources, y_sources]).drop_duplicates("source_id")
        fig = cc.scatter_chart(pair, self.shown, y_shown, lang, p.focus, bool(pair_sources["is_demo"].any()), hub_means)
        note = (lang.t("cmp_scatter_note", n=int(both.sum()), N=len(pair), year=p.year) + " "
                + lang.t("cmp_scatter_hub_lines", year=p.year))
        meta = common.export_meta(f"{self.shown['name']} × {y_shown['name']}, {p.year}",
                                  lang.t("cmp_subtitle", year=p.year, edition=", ".join(pair_sources["edition"])),
                                  pair_sources, lang, f"scatter-{p.code}-{y_code}-{p.year}", notes=self.notes)
        names_in = [c for c in ("name_en", "name_ru", "name_kk") if c in pair]
        table = pair.assign(country=pair[lang.col("name")]).drop(columns=names_in)
        return Scatter(y_meta, y_sources, fig, note, meta, table)


def _pair(chart: Chart) -> tuple[go.Figure, ExportMeta]:
    return chart.fig, chart.meta


def named(read: Read, meta: pd.Series, breakdown: str, lang: Language) -> dict:
    """What the figure builders need of an indicator; a breakdown shown is named in every title, label and export."""
    found = common.meta_dict(meta, lang)
    if breakdown:
        found["name"] = f"{found['name']} — {bd.label(breakdown, read(bd.label_table), lang)}"
    return found


def default_year(read: Read, code: str, hub: list[str], sel: Selection) -> tuple[int, list[int]]:
    """The year the indicator opens on (the latest year most hub members report) and its years with data."""
    years = read(compare.years, code, sel=sel)
    return compare.default_year(read(compare.group_series, code, sorted(hub), sel=sel), years), years


def build(read: Read, indicators: pd.DataFrame, picks: Picks, lang: Language) -> View:
    """The compare view of `picks`."""
    lang = Language(lang)
    p = picks
    meta = indicators.set_index("code").loc[p.code]
    hub, year = list(p.hub.members), p.year
    everyone = read(compare.year_values, p.code, year, p.needed, p.lag, sel=p.sel)
    values = everyone[everyone["iso3"].isin(p.chosen)].reset_index(drop=True)
    hub_avg = compare.average(everyone, hub, year)
    averages = [replace(hub_avg, label=p.hub.label(hub_avg.n, year, lang))]
    if p.peer_members:
        peer_avg = compare.average(everyone, list(p.peer_members), year)
        averages.append(replace(peer_avg, label=peers.group_set(p.peer, p.peer_name, list(p.peer_members))
                                .label(peer_avg.n, year, lang)))
    higher = bool(meta["higher_is_better"])
    ranks = compare.hub_ranks(everyone, hub, year, higher)  # aligned with `everyone`
    values["hub_rank"] = ranks[everyone["iso3"].isin(p.chosen)].to_numpy()

    # The significance rule on every country of the view: its gap to the hub average, and the ranks its published
    # interval allows among the hub set's countries reporting that year.
    exact = everyone[(everyone["value_year"] == year) & everyone["value"].notna()]
    estimate = {r.iso3: Estimate.of(r.value, r.std_error, r.lower, r.upper) for r in exact.itertuples()}
    in_hub = [estimate[c] for c in hub if c in estimate]
    verdicts, spans = {}, {}
    for iso3 in values["iso3"]:
        if iso3 in estimate:
            verdicts[iso3] = sig.gap_to_average(estimate[iso3], in_hub, iso3 in hub, higher)
            span = sig.rank_range(estimate[iso3], [estimate[c] for c in hub if c in estimate and c != iso3], higher)
            if span:
                spans[iso3] = span
    # On the chart and in its alt text, ranks are among the countries shown: their ranges likewise.
    shown = [c for c in values["iso3"] if c in estimate]
    chart_spans = {c: span for c in shown
                   if (span := sig.rank_range(estimate[c], [estimate[o] for o in shown if o != c], higher))}
    sources = read(compare.sources_of, [p.code], sel=p.sel)
    shown = named(read, meta, p.sel.breakdown, lang)
    average_notes = tuple(cc.average_label(a, int(meta["decimals"]), lang) for a in averages if a.n)
    return View(read=read, picks=p, lang=lang, meta=meta, shown=shown, years=read(compare.years, p.code, sel=p.sel),
                everyone=everyone, values=values, averages=averages, verdicts=verdicts, spans=spans,
                chart_spans=chart_spans, sources=sources,
                subtitle=lang.t("cmp_subtitle", year=year, edition=", ".join(sources["edition"])),
                stem=f"compare-{p.code}-{year}", average_notes=average_notes,
                notes=(*average_notes, lang.t("vw_sig_rule")), value_notes=value_notes(values, year, lang))


def value_notes(values: pd.DataFrame, year: int, lang: Language) -> list[str]:
    """How many of the countries shown report that year, how many values are from earlier years, which are
    missing."""
    n_missing, n_fallback = int(values["value"].isna().sum()), int(values["is_fallback"].sum())
    notes = [lang.t("cmp_reporting", n=len(values) - n_missing, N=len(values), year=year)]
    if n_fallback:
        notes.append(lang.plural("cmp_fallback_note", n_fallback))
    if n_missing:
        names = ", ".join(values.loc[values["value"].isna(), lang.col("name")])
        notes.append(lang.t("cmp_missing_note", n=n_missing, names=markdown_literal(names)))
    return notes
