"""Indicator catalogue and coverage: what each indicator means, where it comes from, and where its gaps are."""

import pandas as pd
import streamlit as st

from charts import compare as cc
from etl.catalogue import source_text
from ui import analysis_page, charts, compare_data, datasets, links
from ui import compare_widgets as w
from ui.downloads import chart_downloads, table_downloads

lang, path = analysis_page.start("catalogue")
st.title(lang.t("cmp_cat_title"))
st.caption(lang.t("cmp_cat_intro"))
indicators = analysis_page.indicators_or_stop(path, lang)
hub = compare_data.hub_members(path)
coverage = compare_data.hub_coverage(path, datasets.selection())
catalogue = indicators.merge(coverage, on="code", how="left")
sources = compare_data.sources_of(path, tuple(indicators["code"]), datasets.selection())

# 1. The catalogue
st.subheader(lang.t("cmp_cat_list_title"))
table = pd.DataFrame({
    lang.t("cmp_prof_indicator"): lang.column(catalogue, "name"),
    lang.t("cmp_cat_code"): catalogue["code"],
    lang.t("theme"): lang.column(catalogue, "theme"),
    lang.t("cmp_cat_definition"): lang.column(catalogue, "definition"),
    lang.t("unit"): lang.column(catalogue, "unit"),
    lang.t("cmp_cat_direction"): [lang.t("cmp_higher_better") if h else lang.t("cmp_lower_better")
                               for h in catalogue["higher_is_better"]],
    lang.t("col_source"): [source_text(s, lang) + (f" · {lang.t('demo_tag')}" if d else "")
                           for s, d in zip(catalogue["source"], catalogue["is_demo"], strict=True)],
    lang.t("edition").capitalize(): catalogue["edition"],
    lang.t("cmp_cat_licence"): catalogue["licence"].map(lambda s: source_text(s, lang)),
    lang.t("cmp_cat_citation"): catalogue["citation"].map(lambda c: source_text(c, lang)),
    lang.t("cmp_cat_years"): [f"{a}–{b}" for a, b in zip(catalogue["first_year"], catalogue["last_year"],
                                                           strict=True)],
    lang.t("cmp_cat_countries"): catalogue["countries"],
    lang.t("cmp_cat_hub_coverage"): [
        lang.t("cmp_cat_hub_cov_value", n=int(n), N=len(hub), year=int(y)) if pd.notna(y) else lang.t("missing")
        for n, y in zip(catalogue["hub_latest"].fillna(0), catalogue["hub_latest_year"], strict=True)],
})
st.dataframe(table, hide_index=True, width="stretch",
             column_config={lang.t("cmp_cat_definition"): st.column_config.TextColumn(width="large")})
meta = w.export_meta(lang.t("cmp_cat_list_title"), lang.t("cmp_cat_subtitle"), sources, lang, "indicator-catalogue")
table_downloads(table, meta, "cat-table")

# 2. Coverage matrix for one indicator and one group
st.subheader(lang.t("cmp_cat_matrix_title"))
options = w.group_options(compare_data.groups(path), w.own_group_kept(lang), lang)
if not options[w.OWN_GROUP][1]:
    del options[w.OWN_GROUP]  # offered once the user has defined it on the compare or profile page
left, right = st.columns([3, 2])
with left:
    code = w.indicator_picker(indicators, lang, "cat_ind", lang.t("cmp_indicator"),
                              default=analysis_page.default_indicator(indicators))
with right:
    group = links.selectbox(lang.t("cmp_cat_group"), list(options), key="cat_group", param="cov_group",
                            format_func=lambda c: f"{options[c][0]} ({len(options[c][1])})")
members = sorted(options[group][1])
row = indicators.set_index("code").loc[code]
sel = datasets.selection(row["breakdown"])  # the total, or the group an indicator published only by group is listed by
country_names = pd.Series(w.names(compare_data.countries(path), lang)).reindex(members)
country_names = country_names.fillna(pd.Series(members, index=members))
matrix = compare_data.coverage(path, code, tuple(members), sel)
years = list(range(int(row["first_year"]), int(row["last_year"]) + 1))
ind_sources = compare_data.sources_of(path, (code,), sel)
fig = cc.coverage_matrix(matrix, country_names, years, lang, bool(ind_sources["is_demo"].any()))
charts.show(fig, lang, key="cat_matrix")
have = matrix[matrix["status"] == "value"]
st.caption(lang.t("cmp_cat_matrix_note", countries=have["iso3"].nunique(), N=len(members), cells=len(have),
                  total=len(members) * len(years)))
w.about(row, ind_sources, lang, f"{years[0]}–{years[-1]}")
title = f"{lang.t('cmp_cat_matrix_title')}: {lang.pick(row, 'name')}, {options[group][0]}"
mmeta = w.export_meta(title, lang.t("cmp_subtitle", year=f"{years[0]}–{years[-1]}",
                                   edition=", ".join(ind_sources["edition"])), ind_sources, lang, f"coverage-{code}")
chart_downloads(fig, mmeta, "cat-matrix")
grid = matrix.pivot(index="iso3", columns="year", values="status").reindex(index=members, columns=years)
words = {s: lang.t(f"cmp_cov_{s}") for s in ("absent", "missing", "value")}
grid = grid.astype(object).fillna("absent").replace(words).rename(index=country_names.to_dict())
grid = grid.reset_index(names=lang.t("country"))
grid.columns = [str(c) for c in grid.columns]
table_downloads(grid, mmeta, "cat-matrix-t")
