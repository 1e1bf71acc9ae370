"""Indicator catalogue and coverage: what each indicator means, where it comes from, and where its gaps are."""

import streamlit as st

from analytics import compare
from screens import catalogue as screen
from screens.common import default_indicator
from ui import analysis_page, charts, data, datasets, links
from ui import compare_widgets as w
from ui.downloads import chart_downloads, table_downloads

lang, path = analysis_page.start("catalogue")
st.title(lang.t("cmp_cat_title"))
st.caption(lang.t("cmp_cat_intro"))
indicators = analysis_page.indicators_or_stop(path, lang)
read, sel = data.reader(path), datasets.selection()

# 1. The catalogue
listing = screen.listing(read, indicators, sel, lang)
st.subheader(lang.t("cmp_cat_list_title"))
st.dataframe(listing.table, hide_index=True, width="stretch",
             column_config={lang.t("cmp_cat_definition"): st.column_config.TextColumn(width="large")})
table_downloads(listing.table, listing.meta, "cat-table")

# 2. Coverage matrix for one indicator and one group
st.subheader(lang.t("cmp_cat_matrix_title"))
options = w.group_options(read(compare.groups), w.own_group_kept(lang), lang)
if not options[w.OWN_GROUP][1]:
    del options[w.OWN_GROUP]  # offered once the user has defined it on the compare or profile page
left, right = st.columns([3, 2])
with left:
    code = w.indicator_picker(indicators, lang, "cat_ind", lang.t("cmp_indicator"),
                              default=default_indicator(indicators))
with right:
    group = links.selectbox(lang.t("cmp_cat_group"), list(options), key="cat_group", param="cov_group",
                            format_func=lambda c: f"{options[c][0]} ({len(options[c][1])})")
cov = screen.coverage(read, indicators, code, options[group], sel, lang)
charts.show(cov.fig, lang, key="cat_matrix")
st.caption(cov.note)
w.about(cov.row, cov.sources, lang, cov.years)
chart_downloads(cov.fig, cov.meta, "cat-matrix")
table_downloads(cov.grid, cov.meta, "cat-matrix-t")
