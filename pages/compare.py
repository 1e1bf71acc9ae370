"""Compare countries: one indicator across chosen countries, against the hub average (over a stated set) and a peer
group's, every gap and rank judged by the significance rule."""

import streamlit as st

from screens import compare as screen
from ui import analysis_page, compare_picks, compare_view, data

lang, path = analysis_page.start("compare")
st.title(lang.t("cmp_title"))
st.caption(lang.t("cmp_intro"))
indicators = analysis_page.indicators_or_stop(path, lang)
read = data.reader(path)

# 1. What to compare
picks = compare_picks.pick(read, path, indicators, lang)
view = screen.build(read, indicators, picks, lang)
if view.all_missing:
    st.info(lang.t("cmp_all_missing", year=picks.year, first=view.years[0], last=view.years[-1]))
if not picks.peer_members:
    st.info(lang.t("cmp_own_group_empty_info"))
compare_view.brief_button(picks, lang)

# 2. The view, one tab drawn at a time, and every chart in one pack
compare_view.compare_tabs(view, indicators)
st.divider()
compare_view.chart_pack(view)
