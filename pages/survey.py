"""Civil-servant surveys: results by country, theme scores, breakdowns and waves, never from a small group."""

import streamlit as st

from analytics import peers, survey
from screens import survey as screen
from ui import compare_widgets as w
from ui import data, links, router, survey_view

lang, path = router.start()
read = data.reader(path)
k = survey.min_n()
st.title(lang.t("sv_title"))
st.caption(lang.t("sv_subtitle", k=k))

# What to show: a programme, a question or theme, weighting, a measure
programmes = read(survey.programmes)
if programmes.empty:
    st.info(lang.t("sv_no_surveys"))
    st.stop()
source_id = links.selectbox(lang.t("sv_programme"), list(programmes["source_id"]), key="sv_programme",
                            param="survey", format_func=lambda s: screen.programme_label(programmes, s, lang))
prog = screen.programme(read, source_id, programmes, lang)
kind, unit, weighted, measure = survey_view.pick_unit(prog, lang)
frame = screen.results(read, prog, kind, unit, weighted)
if frame.empty:
    st.info(lang.t("sv_empty"))
    st.stop()
# Which hub participants the average is over (confirmed only by default), said in the label of every chart.
hub_set = w.hub_set_picker(read(peers.membership), w.own_group_kept(lang), lang)
view = screen.view(prog, frame, kind, unit, weighted, measure, set(hub_set.members), hub_set.short(lang), lang)

survey_view.by_country(view)
survey_view.themes(read, view)
survey_view.breakdown(read, view, k)
survey_view.waves(view)
survey_view.about(read, view)
