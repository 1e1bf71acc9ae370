"""Survey estimates: % favourable/neutral/unfavourable, mean and 0-100 index with 95% CIs, safe to publish.

Method. Each estimate is a weighted mean of a respondent-level variable y (1/0 for favourable, the answer
score, or its 0-100 rescaling) over the respondents who gave a valid answer. Its variance is that of a mean
of n_eff = (sum w)^2 / sum w^2 independent draws (Kish's effective sample size):
    var = fpc * sum w (y - m)^2 / sum w / (n_eff - 1),   fpc = 1 - n / N when the population N is known,
which is what statsmodels' DescrStatsW gives with the weights rescaled to sum to n_eff (tested). The 95%
interval is m +- 1.96 sqrt(var). Unweighted estimates use w = 1 (then n_eff = n: the textbook interval).
A theme score averages its items as the UK People Survey does: each respondent's share of favourable
answers among the theme's items they answered, averaged over respondents (with every item answered this
is the mean of the items' % favourable).
The heavy work (grouping millions of answers) runs in DuckDB; pandas only handles the per-group sums.
Confidentiality: `suppress` hides every figure from fewer than `min_n` respondents and, within each
breakdown, enough further groups that no hidden group can be worked out from the total.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics import significance as sig
from analytics.significance import Estimate
from core.settings import Z95, settings
from store.queries import sql

QUERIES = "analytics/survey"
MEASURES = ("fav", "neu", "unf", "mean", "index")
NATIONAL = "all"
ALL = "All"
# Columns that may be shown or exported; nothing else leaves this module's tables.
PUBLIC = ["survey_id", "iso3", "country_en", "country_ru", "country_kk", "year", "unit", "label_en", "label_ru",
          "label_kk", "group_name",
          "n", "weighted_n", "fav", "fav_lower", "fav_upper", "neu", "unf", "mean", "mean_lower", "mean_upper",
          "index", "index_lower", "index_upper", "value", "lower", "upper", "measure", "is_suppressed", "origin",
          "source", "edition", "licence", "is_demo"]


def min_n() -> int:
    """The confidentiality threshold (`HUB_SURVEY_MIN_N`, default 10)."""
    return settings().survey_min_n


# ---- what is in the store ---------------------------------------------------------------------------------


def programmes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Survey programmes (a dataset in its current edition and its question bank) with coverage."""
    return con.execute(sql(QUERIES, "programmes")).df()


def surveys(con: duckdb.DuckDBPyConnection, source_id: str) -> pd.DataFrame:
    return con.execute(sql(QUERIES, "surveys"), [source_id]).df()


def questions(con: duckdb.DuckDBPyConnection, source_id: str) -> pd.DataFrame:
    """The questions the programme's surveys hold results for, with their theme and scale."""
    return con.execute(sql(QUERIES, "questions"), [source_id]).df()


def dimensions(con: duckdb.DuckDBPyConnection, source_id: str) -> list[str]:
    """The breakdowns (gender, grade, organisation...) the programme's respondent data or published results have."""
    rows = con.execute(sql(QUERIES, "dimensions"), [source_id]).fetchall()
    return [r[0] for r in rows]


# ---- respondent-level moments in DuckDB -------------------------------------------------------------------


def item_moments(con: duckdb.DuckDBPyConnection, survey_ids: list[str], codes: list[str] | None = None,
                 dimension: str | None = None, weighted: bool = True, from_answers: bool = False) -> pd.DataFrame:
    """Per survey, question and group: n, sum of weights and of squared weights, and the weighted sums of
    y and y^2 for each measure. Everything follows from answers counted per answer code: the load keeps
    those counts (survey_cell); `from_answers` recounts them from the answers (the same numbers, slower)."""
    params: dict[str, object] = {"surveys": survey_ids, "dimension": dimension or NATIONAL, "weighted": weighted,
                                 "all_codes": codes is None, "codes": codes or []}
    if from_answers:
        params["national"] = dimension in (None, NATIONAL)
    cells = sql(QUERIES, "item_cells_from_answers" if from_answers else "item_cells")
    return con.execute(sql(QUERIES, "item_moments").format(cells=cells), params).df()


def theme_moments(con: duckdb.DuckDBPyConnection, survey_ids: list[str], themes: list[str] | None = None,
                  dimension: str | None = None, weighted: bool = True, from_answers: bool = False) -> pd.DataFrame:
    """As item_moments, for theme scores: each respondent's average over the theme's items they answered.
    The load keeps these sums (survey_theme_cell); `from_answers` recomputes them from the answers."""
    params = {"surveys": survey_ids, "dimension": dimension or NATIONAL, "all_themes": themes is None,
              "themes": themes or []}
    if from_answers:
        moments = sql("survey", "theme_moments").format(answers=sql(QUERIES, "survey_answers"))
        statement = sql(QUERIES, "theme_moments_from_answers").format(moments=moments)
    else:
        statement = sql(QUERIES, "theme_moments")
    return con.execute(statement, params).df().pipe(_weighting, weighted)


def _weighting(frame: pd.DataFrame, weighted: bool) -> pd.DataFrame:
    """Keep the weighted sums (s_*) or the unweighted ones (u_*) under the names estimate() reads."""
    unweighted = [c for c in frame.columns if c.startswith(("u_", "u2_"))]
    if weighted:
        return frame.drop(columns=unweighted)
    out = frame.drop(columns=[c for c in frame.columns if c.startswith(("s_", "s2_"))])
    out = out.rename(columns={c: "s" + c[1:] for c in unweighted})
    out["sw"] = out["n"].astype(float)
    out["sw2"] = out["n"].astype(float)
    return out


def estimate(moments: pd.DataFrame, population: pd.Series | None = None) -> pd.DataFrame:
    """Means and 95% CIs from the sums of `item_moments`/`theme_moments`; `population` by survey_id."""
    out = moments[["survey_id", "unit", "group_name", "n"]].copy()
    sw, sw2 = moments["sw"].to_numpy(float), moments["sw2"].to_numpy(float)
    n = moments["n"].to_numpy(float)
    n_eff = sw * sw / sw2
    out["weighted_n"] = sw
    out["n_eff"] = n_eff
    fpc = np.ones(len(out))
    if population is not None:
        big_n = moments["survey_id"].map(population).to_numpy(dtype=float, na_value=np.nan)
        known = np.isfinite(big_n) & (big_n > n)
        fpc[known] = 1 - n[known] / big_n[known]
    for m in MEASURES:
        mean = moments[f"s_{m}"].to_numpy(float) / sw
        var_pop = np.maximum(moments[f"s2_{m}"].to_numpy(float) / sw - mean * mean, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            se = np.sqrt(fpc * var_pop / (n_eff - 1))
        se[n_eff <= 1] = np.nan
        out[m] = mean
        out[f"{m}_se"] = se
        out[f"{m}_lower"] = mean - Z95 * se
        out[f"{m}_upper"] = mean + Z95 * se
    return out


# ---- confidentiality --------------------------------------------------------------------------------------


def suppress(frame: pd.DataFrame, threshold: int, keys: tuple[str, ...] = ("survey_id", "unit"),
             forced: pd.Series | None = None) -> pd.Series:
    """Which rows to hide: groups under `threshold` respondents, and within each breakdown (rows sharing
    `keys`) further groups, smallest first, until the hidden groups together hold at least `threshold`
    respondents, so that the total minus the shown groups reveals nothing about a small group. Groups of equal
    size are taken in the order of their names, so the same data always hides the same groups.
    A total ('All') under the threshold is hidden with all its groups. `forced`: rows to hide in any case."""
    if frame.empty:
        return pd.Series(False, index=frame.index)
    n = frame["n"].fillna(0).to_numpy(dtype=float)
    hidden = n < threshold
    if forced is not None:
        hidden |= forced.to_numpy(dtype=bool)
    national = (frame["group_name"] == ALL).to_numpy()
    key = frame.groupby(list(keys), sort=False).ngroup().to_numpy()
    size = key.max() + 1
    names = pd.factorize(frame["group_name"].astype(str), sort=True)[0]  # ties: by name, not by query order
    order = np.lexsort((names, n, key))
    order = order[~national[order]]  # the groups of each breakdown, smallest first
    k_sorted = key[order]
    while True:
        h = hidden[order]
        hidden_n = np.bincount(k_sorted, weights=n[order] * h, minlength=size)
        hidden_count = np.bincount(k_sorted, weights=h, minlength=size)
        groups = np.bincount(k_sorted, minlength=size)
        need = (hidden_count > 0) & (hidden_n < threshold) & (hidden_count < groups)
        if not need.any():
            break
        candidates = ~h & need[k_sorted]
        _, first = np.unique(k_sorted[candidates], return_index=True)
        hidden[order[candidates][first]] = True  # the smallest group still shown in each such breakdown
    hidden |= np.isin(key, np.unique(key[national & hidden]))
    return pd.Series(hidden, index=frame.index)


def blank_hidden(frame: pd.DataFrame) -> pd.DataFrame:
    """Every figure of a hidden row emptied: values, intervals, n and weighted n."""
    out = frame.copy()
    figures = [c for c in out.columns if c in ("n", "weighted_n", "n_eff", "value", "lower", "upper")
               or c.split("_")[0] in MEASURES]
    for c in figures:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
        out.loc[out["is_suppressed"].astype(bool), c] = np.nan
    return out


# ---- the page's tables ------------------------------------------------------------------------------------


def computed(con: duckdb.DuckDBPyConnection, source_id: str, kind: str, codes: list[str] | None,
             dimension: str | None = None, weighted: bool = True, threshold: int | None = None) -> pd.DataFrame:
    """Estimates from respondent-level surveys of a programme, hidden where confidentiality requires."""
    threshold = threshold or min_n()
    meta = surveys(con, source_id)
    ids = meta.loc[meta["level"] == "respondent", "survey_id"].tolist()
    if not ids:
        return pd.DataFrame(columns=PUBLIC)
    population = meta.set_index("survey_id")["population"]
    fn = theme_moments if kind == "theme" else item_moments
    moments = fn(con, ids, codes, dimension, weighted)
    if dimension not in (None, NATIONAL):  # the national total belongs to every breakdown
        moments = pd.concat([fn(con, ids, codes, None, weighted), moments], ignore_index=True)
    est = estimate(moments, population)
    forced = _items_hidden(con, source_id, est, ids, dimension, weighted, threshold) if kind == "theme" else None
    est["is_suppressed"] = suppress(est, threshold, forced=forced)
    return _decorate(con, source_id, est, kind)


def _items_hidden(con, source_id: str, est: pd.DataFrame, ids: list[str], dimension: str | None, weighted: bool,
                  threshold: int) -> pd.Series:
    """A theme score is hidden for a group where any of its items is hidden, so no item can be recovered."""
    items = item_moments(con, ids, None, dimension, weighted)
    if dimension not in (None, NATIONAL):
        items = pd.concat([item_moments(con, ids, None, None, weighted), items], ignore_index=True)
    items["is_suppressed"] = suppress(items, threshold)
    theme_of = questions(con, source_id).set_index("question_code")["theme"]
    items["theme"] = items["unit"].map(theme_of)
    bad = items[items["is_suppressed"]].groupby(["survey_id", "theme", "group_name"]).size()
    keys = pd.MultiIndex.from_frame(est[["survey_id", "unit", "group_name"]])
    return pd.Series(keys.isin(bad.index), index=est.index)


def _decorate(con, source_id: str, est: pd.DataFrame, kind: str) -> pd.DataFrame:
    meta = surveys(con, source_id)
    src = con.execute(sql(QUERIES, "source"), [source_id]).fetchone()
    out = est.merge(meta[["survey_id", "iso3", "country_en", "country_ru", "country_kk", "year"]], on="survey_id",
                    how="left")
    bank = questions(con, source_id)
    if kind == "theme":
        themes = bank.drop_duplicates("theme").set_index("theme")
        out["label_en"] = out["unit"]
        out["label_ru"] = out["unit"].map(themes["theme_ru"]).fillna(out["unit"])
        out["label_kk"] = out["unit"].map(themes["theme_kk"]).fillna(out["label_ru"])
    else:
        q = bank.set_index("question_code")
        out["label_en"] = out["unit"].map(q["label_en"])
        out["label_ru"] = out["unit"].map(q["label_ru"])
        out["label_kk"] = out["unit"].map(q["label_kk"])
    out["measure"] = "share"
    out["value"], out["lower"], out["upper"] = out["fav"], out["fav_lower"], out["fav_upper"]
    out["origin"] = "computed"
    out["source"], out["edition"], out["licence"], out["is_demo"] = src
    return blank_hidden(out)[PUBLIC + ["fav_se", "mean_se", "index_se"]]


def published(con: duckdb.DuckDBPyConnection, source_id: str, codes: list[str] | None,
              dimension: str | None = None, threshold: int | None = None) -> pd.DataFrame:
    """Published figures of a programme (value and CI as published), hidden under the threshold where n is given."""
    threshold = threshold or min_n()
    frame = con.execute(sql(QUERIES, "published"), {"source": source_id, "all_codes": codes is None,
                                                    "codes": codes or [], "dimension": dimension or NATIONAL}).df()
    frame["weighted_n"] = np.nan
    frame["origin"] = "published"
    frame["is_suppressed"] = suppress(frame.assign(n=frame["n"].fillna(threshold)), threshold)
    for m in ("fav", "neu", "unf", "mean", "index"):
        for suffix in ("", "_lower", "_upper"):
            if m in ("neu", "unf") and suffix:
                continue
            frame[m + suffix] = np.nan
    share = frame["measure"] == "share"
    frame.loc[share, "fav"] = frame.loc[share, "value"]
    frame.loc[share, "fav_lower"] = frame.loc[share, "lower"]
    frame.loc[share, "fav_upper"] = frame.loc[share, "upper"]
    frame["fav_se"] = (frame["upper"] - frame["lower"]) / (2 * Z95)
    frame["mean_se"] = np.nan
    frame["index_se"] = np.nan
    return blank_hidden(frame)[PUBLIC + ["fav_se", "mean_se", "index_se"]]


def results(con: duckdb.DuckDBPyConnection, source_id: str, kind: str = "item", codes: list[str] | None = None,
            dimension: str | None = None, weighted: bool = True, threshold: int | None = None) -> pd.DataFrame:
    """Everything the page shows for a programme: computed and published results, already made safe."""
    parts = [computed(con, source_id, kind, codes, dimension, weighted, threshold)]
    if kind == "item":
        parts.append(published(con, source_id, codes, dimension, threshold))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=PUBLIC + ["fav_se", "mean_se", "index_se"])
    out = pd.concat(parts, ignore_index=True)
    out["_total"] = out["group_name"] != ALL
    return out.sort_values(["country_en", "year", "unit", "_total", "group_name"]).drop(columns="_total").reset_index(
        drop=True)


# ---- comparisons ------------------------------------------------------------------------------------------


def vs_hub(frame: pd.DataFrame, measure: str = "fav", members: set[str] | None = None) -> pd.DataFrame:
    """Each country's latest national value against the average of the Hub participants' latest values
    (`members`; when fewer than two of them have a value, the average of every country shown), judged by the
    one significance rule (analytics.significance.gap_to_average): a country inside the average shares its
    error with it; a member without a published interval counts with the mean variance of those with one.
    `tested` is False where the country itself has no interval (or is the whole group)."""
    national = frame[(frame["group_name"] == ALL) & ~frame["is_suppressed"].astype(bool)]
    latest = national.sort_values("year").groupby(["iso3", "unit"], as_index=False).tail(1).copy()
    latest = latest[latest[measure].notna()].reset_index(drop=True)
    hub = latest["iso3"].isin(members or set())
    use_hub = hub.groupby(latest["unit"]).transform("sum") >= 2
    inside = (hub | ~use_hub).to_numpy()
    estimates = [Estimate.of(v, s) for v, s in zip(latest[measure], latest[f"{measure}_se"], strict=True)]
    averages, differences, ses, tested, significant = [], [], [], [], []
    for _, rows in latest.groupby("unit", sort=False).indices.items():
        group = [estimates[i] for i in rows if inside[i]]
        mean = sig.group_mean(group).value
        for i in rows:
            verdict = sig.gap_to_average(estimates[i], group, bool(inside[i]))
            averages.append((i, mean))
            differences.append((i, estimates[i].value - mean))
            ses.append((i, verdict.se if verdict.se is not None else np.nan))
            tested.append((i, verdict.status in (sig.BEYOND, sig.WITHIN)))
            significant.append((i, verdict.is_real))

    def column(pairs: list[tuple[int, object]]) -> list[object]:
        return [v for _, v in sorted(pairs)]

    latest["average_of"] = np.where(use_hub, "hub", "shown")
    latest["hub_average"] = column(averages)
    latest["difference"] = column(differences)
    latest["difference_se"] = column(ses)
    latest["tested"] = column(tested)
    latest["significant"] = column(significant)
    return latest


def wave_change(frame: pd.DataFrame, measure: str = "fav") -> pd.DataFrame:
    """Change from each wave to the next for a country, question and group, judged by the significance rule
    (independent samples: se = sqrt(se1^2 + se2^2), real when |change| > 1.96 se). Hidden values give no change."""
    shown = frame[~frame["is_suppressed"].astype(bool)].sort_values("year")
    rows = []
    for (iso3, unit, group), g in shown.groupby(["iso3", "unit", "group_name"], sort=True):
        g = g.drop_duplicates("year", keep="last")
        for prev, cur in zip(g.iloc[:-1].itertuples(), g.iloc[1:].itertuples(), strict=True):
            a, b = getattr(prev, measure), getattr(cur, measure)
            verdict = sig.change(Estimate.of(a, getattr(prev, f"{measure}_se")),
                                 Estimate.of(b, getattr(cur, f"{measure}_se")))
            rows.append({"iso3": iso3, "unit": unit, "group_name": group, "from_year": prev.year,
                         "to_year": cur.year, "from_value": a, "to_value": b, "change": b - a,
                         "change_se": verdict.se if verdict.se is not None else np.nan,
                         "significant": verdict.is_real})
    return pd.DataFrame(rows, columns=["iso3", "unit", "group_name", "from_year", "to_year", "from_value",
                                       "to_value", "change", "change_se", "significant"])


def export_table(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The table a user may download: public columns only, hidden figures empty, standard errors dropped, country
    and question names in `lang` only."""
    other = {f"{base}_{code}" for base in ("country", "label") for code in ("en", "ru", "kk") if code != lang}
    out = frame[[c for c in PUBLIC if c in frame.columns and c not in other]].copy()
    return safe_cells(out)


def safe_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe."""
    out = frame.copy()
    for column in [c for c in out.columns if not pd.api.types.is_numeric_dtype(out[c])]:
        out[column] = out[column].map(lambda v: "'" + v if isinstance(v, str) and v[:1] in "=+-@\t\r" else v)
    return out
