"""Alt text of every chart, written from the data it draws, in the reader's language (screen readers, Word, exports)."""

from __future__ import annotations

import pandas as pd

from analytics.compare import Average
from analytics.significance import Estimate, change, words
from core.i18n import Language

NAME = "_shown_name"  # the countries' names in the reader's language (Kazakh falling back to Russian, then English)


def _named(frame: pd.DataFrame, lang: Language) -> pd.DataFrame:
    return frame.assign(**{NAME: Language(lang).column(frame, "name")})


def rank_of(values: pd.Series, value: float, higher_is_better: bool) -> int:
    """1 + the number of values strictly better (ties share the best rank)."""
    better = values > value if higher_is_better else values < value
    return int(better.sum()) + 1


def ranked(values: pd.DataFrame, averages: list[Average], meta: dict, lang: Language, focus: str | None, year: object,
           ranges: dict[str, tuple[int, int]] | None = None) -> str:
    """"Bar chart of <indicator> in <year>, 38 countries ranked best first. Kyrgyzstan ranks 4 of 36 with 0.15
    (ranks 2–9 within the margin of error). Highest: ... lowest: ... Hub average ...: 0.25. No value for 2: ..."""
    lang = Language(lang)
    values = _named(values, lang)
    name, decimals, higher = NAME, int(meta["decimals"]), bool(meta["higher_is_better"])
    have = values[values["value"].notna()].sort_values("value", ascending=not higher)
    missing = values[values["value"].isna()]
    focus_text = ""
    if focus is not None and (values["iso3"] == focus).any():
        row = values[values["iso3"] == focus].iloc[0]
        if pd.isna(row["value"]):
            focus_text = lang.t("vw_alt_focus_missing", country=row[name])
        else:
            span = (ranges or {}).get(focus)
            focus_text = lang.t("vw_alt_focus_rank", country=row[name], n=len(have),
                           rank=rank_of(have["value"], float(row["value"]), higher),
                           value=lang.n(float(row["value"]), decimals),
                           range=lang.t("vw_alt_range", low=span[0], high=span[1]) if span else "")
    if have.empty:
        return lang.t("vw_alt_focus_missing", country=meta["name"]).strip()
    top, bottom = have.iloc[0], have.iloc[-1]
    average_text = "".join(lang.t("vw_alt_average", label=a.label, value=lang.n(a.mean, decimals))
                           for a in averages if a.n)
    missing_text = (lang.t("vw_alt_missing", n=len(missing), names=", ".join(missing[name].astype(str)))
                    if len(missing) else "")
    return lang.t("vw_alt_ranked", indicator=meta["name"], year=year, n=len(values), focus_text=focus_text,
             top=top[name], top_value=lang.n(float(top["value"]), decimals), bottom=bottom[name],
             bottom_value=lang.n(float(bottom["value"]), decimals), average_text=average_text,
             missing_text=missing_text)


def series(frame: pd.DataFrame, averages: list[tuple[str, pd.DataFrame, int]], meta: dict, lang: Language,
           focus: str | None, peers: list[str] | None = None) -> str:
    """"Line chart of <indicator>, 2010–2023, 38 countries. Kazakhstan went from 0.1 in 2010 to 0.15 in 2023:
    no clear change (within the margin of error). Highlighted peers: ... Hub average ... in 2023: 0.25."""
    lang = Language(lang)
    if frame.empty:
        return ""
    frame = _named(frame, lang)
    name, decimals, higher = NAME, int(meta["decimals"]), bool(meta["higher_is_better"])
    first, last = int(frame["year"].min()), int(frame["year"].max())
    focus_text = ""
    own = frame[frame["iso3"] == focus].sort_values("year")
    if len(own) >= 2:
        a, b = own.iloc[0], own.iloc[-1]
        verdict = change(Estimate.of(a["value"], a["std_error"], a["lower"], a["upper"]),
                         Estimate.of(b["value"], b["std_error"], b["lower"], b["upper"]), higher)
        focus_text = lang.t("vw_alt_series_focus", country=a[name], first=int(a["year"]), last=int(b["year"]),
                       first_value=lang.n(float(a["value"]), decimals),
                       last_value=lang.n(float(b["value"]), decimals), verdict=words(verdict, lang))
    named = frame.drop_duplicates("iso3").set_index("iso3")[name]
    shown_peers = [named[c] for c in (peers or []) if c in named.index and c != focus]
    peers_text = lang.t("vw_alt_series_peers", names=", ".join(map(str, shown_peers))) if shown_peers else ""
    average_text = " ".join(
        lang.t("vw_alt_series_average", label=label, year=int(avg["year"].iloc[-1]),
          value=lang.n(float(avg["mean"].iloc[-1]), decimals))
        for label, avg, _ in averages if not avg.empty)
    return lang.t("vw_alt_series", indicator=meta["name"], first=first, last=last, n=frame["iso3"].nunique(),
             focus_text=focus_text, peers_text=peers_text, average_text=average_text).strip()
