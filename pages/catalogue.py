"""Indicator catalogue and coverage: what each indicator means, where it comes from, and where its gaps are."""

import pandas as pd
import streamlit as st

from charts import compare as cc
from core.i18n import t
from ui import analysis_page, charts, compare_data, datasets, links
from ui import compare_widgets as w
from ui.downloads import chart_downloads, table_downloads

lang, path = analysis_page.start("catalogue")
st.title(t("cmp_cat_title", lang))
st.caption(t("cmp_cat_intro", lang))
indicators = analysis_page.indicators_or_stop(path, lang)
hub = compare_data.hub_members(path)
coverage = compare_data.hub_coverage(path, datasets.selection())
catalogue = indicators.merge(coverage, on="code", how="left")
sources = compare_data.sources_of(path, tuple(indicators["code"]), datasets.selection())

# 1. The catalogue
st.subheader(t("cmp_cat_list_title", lang))
ru = lang == "ru"
table = pd.DataFrame({
    t("cmp_prof_indicator", lang): catalogue["name_ru" if ru else "name_en"],
    t("cmp_cat_code", lang): catalogue["code"],
    t("theme", lang): catalogue["theme_ru" if ru else "theme_en"].fillna(catalogue["theme"]),
    t("cmp_cat_definition", lang): catalogue["definition_ru" if ru else "definition_en"],
    t("unit", lang): catalogue["unit"],
    t("cmp_cat_direction", lang): [t("cmp_higher_better", lang) if h else t("cmp_lower_better", lang)
                               for h in catalogue["higher_is_better"]],
    t("col_source", lang): catalogue["source"] + [f" · {t('demo_tag', lang)}" if d else ""
                                                  for d in catalogue["is_demo"]],
    t("edition", lang).capitalize(): catalogue["edition"],
    t("cmp_cat_licence", lang): catalogue["licence"],
    t("cmp_cat_citation", lang): catalogue["citation"],
    t("cmp_cat_years", lang): [f"{a}–{b}" for a, b in zip(catalogue["first_year"], catalogue["last_year"],
                                                           strict=True)],
    t("cmp_cat_countries", lang): catalogue["countries"],
    t("cmp_cat_hub_coverage", lang): [
        t("cmp_cat_hub_cov_value", lang, n=int(n), N=len(hub), year=int(y)) if pd.notna(y) else t("missing", lang)
        for n, y in zip(catalogue["hub_latest"].fillna(0), catalogue["hub_latest_year"], strict=True)],
})
st.dataframe(table, hide_index=True, width="stretch",
             column_config={t("cmp_cat_definition", lang): st.column_config.TextColumn(width="large")})
meta = w.export_meta(t("cmp_cat_list_title", lang), t("cmp_cat_subtitle", lang), sources, lang, "indicator-catalogue")
table_downloads(table, meta, "cat-table")

# 2. Coverage matrix for one indicator and one group
st.subheader(t("cmp_cat_matrix_title", lang))
options = w.group_options(compare_data.groups(path), w.own_group_kept(lang), lang)
if not options[w.OWN_GROUP][1]:
    del options[w.OWN_GROUP]  # offered once the user has defined it on the compare or profile page
left, right = st.columns([3, 2])
with left:
    code = w.indicator_picker(indicators, lang, "cat_ind", t("cmp_indicator", lang),
                              default=analysis_page.default_indicator(indicators))
with right:
    group = links.selectbox(t("cmp_cat_group", lang), list(options), key="cat_group", param="cov_group",
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
charts.show(fig, key="cat_matrix")
have = matrix[matrix["status"] == "value"]
st.caption(t("cmp_cat_matrix_note", lang, countries=have["iso3"].nunique(), N=len(members), cells=len(have),
             total=len(members) * len(years)))
w.about(row, ind_sources, lang, f"{years[0]}–{years[-1]}")
title = f"{t('cmp_cat_matrix_title', lang)}: {row['name_ru' if ru else 'name_en']}, {options[group][0]}"
mmeta = w.export_meta(title, t("cmp_subtitle", lang, year=f"{years[0]}–{years[-1]}",
                                 edition=", ".join(ind_sources["edition"])), ind_sources, lang, f"coverage-{code}")
chart_downloads(fig, mmeta, "cat-matrix")
grid = matrix.pivot(index="iso3", columns="year", values="status").reindex(index=members, columns=years)
words = {s: t(f"cmp_cov_{s}", lang) for s in ("absent", "missing", "value")}
grid = grid.astype(object).fillna("absent").replace(words).rename(index=country_names.to_dict())
grid = grid.reset_index(names=t("country", lang))
grid.columns = [str(c) for c in grid.columns]
table_downloads(grid, mmeta, "cat-matrix-t")
