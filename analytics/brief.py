"""Queries behind the country brief: peers, headline indicators with rank, change and peer gap, series, surveys."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics import significance as sig
from analytics.significance import Estimate
from store.queries import sql

QUERIES = "analytics/brief"
HUB = "HUB"


def countries_with_data(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Countries that have at least one figure in the editions in use, hub participants first."""
    return con.execute(sql(QUERIES, "countries_with_data")).df()


def peer_groups(con: duckdb.DuckDBPyConnection, iso3: str) -> pd.DataFrame:
    """The groups a country can be compared with: hub participants, then the groups it belongs to."""
    return con.execute(sql(QUERIES, "peer_groups"), [iso3]).df()


def default_group(con: duckdb.DuckDBPyConnection, iso3: str) -> str:
    """The country's smallest region or bloc with at least 3 other countries reporting data, else the hub."""
    row = con.execute(sql(QUERIES, "default_group"), {"iso3": iso3}).fetchone()
    return row[0] if row else HUB


def group_members(con: duckdb.DuckDBPyConnection, group_code: str) -> list[str]:
    """ISO3 codes of a group (store/views/membership.sql); the hub group is every listed participant, HUB_CONFIRMED
    those whose participation is confirmed."""
    if group_code == HUB:
        rows = con.execute(sql(QUERIES, "hub_members")).fetchall()
    else:
        rows = con.execute(sql(QUERIES, "group_members"), [group_code]).fetchall()
    return [r[0] for r in rows]


def group_name(con: duckdb.DuckDBPyConnection, group_code: str) -> dict[str, str]:
    """The group's names: name_en, name_ru, name_kk (the code itself for an unknown group)."""
    row = con.execute(sql(QUERIES, "group_name"), [group_code]).fetchone()
    return dict(zip(("name_en", "name_ru", "name_kk"), row or (group_code,) * 3, strict=True))


def country(con: duckdb.DuckDBPyConnection, iso3: str) -> dict[str, object] | None:
    row = con.execute(sql(QUERIES, "country"), [iso3]).fetchone()
    columns = ("iso3", "name_en", "name_ru", "name_kk", "region", "is_hub_member")
    return dict(zip(columns, row, strict=True)) if row else None


def observations(con: duckdb.DuckDBPyConnection, iso3s: list[str]) -> pd.DataFrame:
    """Figures (totals of the editions in use; not whole-world ranks, store/views/world_ranks.sql) of the given
    countries, with indicator and source."""
    return con.execute(sql(QUERIES, "observations"), [iso3s]).df()


def _estimate(row: object) -> Estimate:
    return Estimate.of(row["value"], row["std_error"], row["lower"], row["upper"])


def headline(obs: pd.DataFrame, iso3: str, years_back: int = 10, year: int | None = None) -> pd.DataFrame:
    """One row per indicator the country reports (up to `year` when given): latest value and year, change since a
    base year, the mean of the peers reporting that same year, the country's rank among them (1 = best) and its gap
    in peer standard deviations (positive = better); with the significance rule's verdicts on the change
    (`change_sig`) and on the gap to the peer average (`peer_sig`), and the rank range the published intervals
    allow (`rank_low`, `rank_high`). `obs` holds the country and its peers (from `observations`)."""
    if year is not None:
        obs = obs[obs["year"] <= int(year)]
    own = obs[obs["iso3"] == iso3]
    peers = obs[obs["iso3"] != iso3]
    newest = obs.groupby("indicator_code")["year"].max()
    by_code = {code: part for code, part in peers.groupby("indicator_code")}  # split once, not per indicator
    rows = []
    for code, series in own.groupby("indicator_code"):
        series = series.sort_values("year")
        last = series.iloc[-1]
        window = series[series["year"] >= last["year"] - years_back]
        base = window.iloc[0]
        others = by_code.get(code, peers.iloc[0:0])
        same_year = others[others["year"] == last["year"]]
        hib = bool(last["higher_is_better"])
        sign = 1.0 if hib else -1.0
        values = same_year["value"].to_numpy(dtype=float)
        peer_avg = float(values.mean()) if len(values) else np.nan
        peer_sd = float(values.std(ddof=1)) if len(values) >= 2 else np.nan
        better = int((sign * values > sign * last["value"]).sum())
        spread = peer_sd if peer_sd and peer_sd > 0 else np.nan
        mine = _estimate(last)
        peer_estimates = [_estimate(r) for r in same_year.to_dict("records")]
        has_base = base["year"] < last["year"]
        change = sig.change(_estimate(base), mine, hib) if has_base else None
        gap = sig.gap_to_average(mine, peer_estimates, False, hib) if peer_estimates else None
        span = sig.rank_range(mine, peer_estimates, hib) if peer_estimates else None
        rows.append({
            **{k: last[k] for k in ("indicator_code", "name_en", "name_ru", "name_kk", "unit", "unit_en", "unit_ru",
                                    "unit_kk", "decimals", "higher_is_better", "scale_min", "scale_max", "theme",
                                    "theme_en", "theme_ru", "theme_kk", "source_id",
                                    "source", "edition", "licence", "citation", "url", "is_demo")},
            "year": int(last["year"]), "value": float(last["value"]),
            "std_error": last["std_error"], "lower": last["lower"], "upper": last["upper"],
            "base_year": int(base["year"]), "base_value": float(base["value"]),
            "change": float(last["value"] - base["value"]) if has_base else np.nan,
            "change_sig": change.code if change else "missing",
            "change_z": change.z if change and change.z is not None else np.nan,
            "peer_average": peer_avg, "peers_reporting": len(values), "peer_sd": peer_sd,
            "peer_sig": gap.code if gap else "missing",
            "gap_z": gap.z if gap and gap.z is not None else np.nan,
            "rank": better + 1 if len(values) else np.nan, "ranked": len(values) + 1,
            "rank_low": span[0] if span else np.nan, "rank_high": span[1] if span else np.nan,
            "gap_sd": sign * (last["value"] - peer_avg) / spread,
            "gain_sd": sign * (last["value"] - base["value"]) / spread if has_base else np.nan,
            "newest_year": int(newest[code]),
        })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["theme", "peers_reporting", "indicator_code"],
                             ascending=[True, False, True]).reset_index(drop=True)


def pick_headline(frame: pd.DataFrame, per_theme: int = 2, limit: int = 12,
                  first: list[str] | None = None) -> pd.DataFrame:
    """The best-compared indicators: those of `first` (the indicators of the view the user came from), then per
    theme those with most peers reporting (so every theme shows), then the next best of any theme, up to `limit`."""
    if frame.empty:
        return frame
    lead = frame[frame["indicator_code"].isin(first or [])]
    ranked = frame.sort_values(["peers_reporting", "is_demo", "indicator_code"], ascending=[False, True, True])
    rest = ranked[~ranked.index.isin(lead.index)]
    chosen = pd.concat([lead, rest.groupby("theme", sort=False).head(per_theme)])
    ranked = pd.concat([lead, rest])
    if len(chosen) > limit:
        chosen = chosen.head(limit)
    more = ranked[~ranked.index.isin(chosen.index)].head(limit - len(chosen))
    keep = chosen.index.union(more.index)
    picked = frame.loc[frame.index.isin(keep)]
    return pd.concat([picked[picked.index.isin(lead.index)], picked[~picked.index.isin(lead.index)]]).reset_index(
        drop=True)  # the view's indicators lead the table


def trend(obs: pd.DataFrame, iso3: str, code: str) -> pd.DataFrame:
    """Per year: the country's value, and the mean, min, max and count of its peers' values."""
    part = obs[obs["indicator_code"] == code]
    own = part[part["iso3"] == iso3].set_index("year")["value"].rename("value")
    peers = part[part["iso3"] != iso3].groupby("year")["value"].agg(["mean", "min", "max", "count"])
    peers.columns = ["peer_average", "peer_min", "peer_max", "peers_reporting"]
    return pd.concat([own, peers], axis=1).sort_index().rename_axis("year").reset_index()


def latest_across(obs: pd.DataFrame, code: str, year: int, members: list[str] | None = None) -> pd.DataFrame:
    """Every country's value of one indicator in one year, in the shape of analytics.compare.year_values (so the
    brief draws it with the compare page's ranking); `members` that did not report are listed as missing."""
    part = obs[(obs["indicator_code"] == code) & (obs["year"] == year)]
    frame = pd.DataFrame({
        "iso3": part["iso3"], "name_en": part["country_en"].fillna(part["iso3"]),
        "name_ru": part["country_ru"].fillna(part["iso3"]),
        "name_kk": part["country_kk"].fillna(part["country_ru"]).fillna(part["iso3"]), "value": part["value"],
        "value_year": year,
        "is_fallback": False, "std_error": part["std_error"], "lower": part["lower"], "upper": part["upper"]})
    if members:
        names = obs.drop_duplicates("iso3").set_index("iso3")[["country_en", "country_ru", "country_kk"]]
        absent = [c for c in members if c not in set(frame["iso3"])]
        frame = pd.concat([frame, pd.DataFrame({
            "iso3": absent, "name_en": [names["country_en"].get(c, c) for c in absent],
            "name_ru": [names["country_ru"].get(c, c) for c in absent],
            "name_kk": [names["country_kk"].get(c) or names["country_ru"].get(c, c) for c in absent],
            "value": np.nan, "value_year": pd.NA,
            "is_fallback": False, "std_error": np.nan, "lower": np.nan, "upper": np.nan})], ignore_index=True)
    frame["value_year"] = frame["value_year"].astype("Int64")
    return frame.reset_index(drop=True)


def has_survey_results(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store holds survey results (the documented view exists and has rows)."""
    row = con.execute(sql(QUERIES, "has_survey_view")).fetchone()
    return bool(row and row[0]) and con.execute(sql(QUERIES, "has_survey_results")).fetchone()[0]


def survey_highlights(con: duckdb.DuckDBPyConnection, iso3: str, top: int = 3) -> pd.DataFrame:
    """The country's latest survey: its `top` highest and lowest questions (whole-population rows, not
    suppressed), with the hub participants' average of the same question and year. Empty when no survey."""
    if not has_survey_results(con):
        return pd.DataFrame()
    frame = con.execute(sql(QUERIES, "survey_highlights"), [iso3]).df()
    if frame.empty:
        return frame
    frame = frame.sort_values(["value", "question_code"], ascending=[False, True])
    picked = pd.concat([frame.head(top), frame.tail(top)]).drop_duplicates("question_code")
    return picked.reset_index(drop=True)
