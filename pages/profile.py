"""Country profile: one country across every indicator, against hub members and a peer group."""

import streamlit as st

from analytics import compare, peers
from screens import profile as screen
from ui import analysis_page, charts, compare_view, data, datasets, links
from ui import compare_widgets as w
from ui.downloads import chart_downloads, table_downloads
from ui.text import plain

lang, path = analysis_page.start("profile")
st.title(lang.t("cmp_prof_title"))
st.caption(lang.t("cmp_prof_intro"))
indicators = analysis_page.indicators_or_stop(path, lang)
read = data.reader(path)
countries, membership = read(compare.countries), read(peers.membership)
listed = sorted(membership.loc[membership["is_hub_member"].astype(bool), "iso3"])
own = w.own_group_editor(countries, lang)
options = w.group_options(read(compare.groups), own, lang)
hub_set = w.hub_set_picker(membership, own, lang)

left, middle, right = st.columns([2, 1, 2])
with left:
    iso3 = w.country_picker(countries, lang, "cmp_focus", lang.t("country"), w.default_focus(listed))
with middle:
    all_years = list(range(int(indicators["first_year"].min()), int(indicators["last_year"].max()) + 1))
    baseline = links.selectbox(lang.t("cmp_prof_baseline"), all_years, key="prof_base", param="base",
                               default=2015 if 2015 in all_years else all_years[0],
                               help=lang.t("cmp_prof_baseline_help"))
with right:
    peer = w.peer_picker(options, lang)
peer_name, peer_members = options[peer]
w.remember()
country = w.names(countries, lang).get(iso3, iso3)
# Totals by default; a group (women, managers...) shows the indicators published for it, against the same group
breakdown = datasets.breakdown_picker(path, lang, "prof_bd", iso3=iso3)
picks = screen.Picks(iso3, country, int(baseline), hub_set, peer, peer_name, tuple(peer_members),
                     datasets.selection(breakdown))
view = screen.build(read, picks, lang)
if view is None:
    st.info(lang.t("cmp_prof_no_data", country=plain(country)))
    st.stop()
if breakdown:
    st.info(plain(lang.t("ds_profile_breakdown", group=datasets.breakdown_label(path, breakdown, lang),
                         n=len(view.frame))))
if not peer_members:
    st.info(lang.t("cmp_own_group_empty_info"))

# 1. The table: every number with its year
st.subheader(lang.t("cmp_prof_table_title", country=plain(country)))
st.dataframe(view.table, hide_index=True, width="stretch")
st.caption("  \n".join([lang.t("cmp_prof_table_note"), *(plain(n) for n in view.notes[:2]), view.notes[2]]))
table_downloads(view.export, w.linked(view.table_meta, "profile"), "prof-table")

# 2. At a glance: ahead or behind the hub
st.subheader(lang.t("cmp_prof_strip_title"))
charts.show(view.strip, lang, key="prof_strip")
st.caption(view.strip_note)
w.sources_caption(view.sources, lang, view.years)
chart_downloads(view.strip, w.linked(view.strip_meta, "profile"), "prof-strip")

# 3. Series by theme: the country, the hub average and its targets
st.subheader(lang.t("cmp_prof_multiples_title"))
theme = links.selectbox(lang.t("theme"), list(view.themes), key="prof_theme", param="theme",
                        format_func=lambda c: view.themes.get(c) or c)
compare_view.theme_panels(read, picks, view, theme, lang)

# 4. About this data
compare_view.profile_about(indicators, view, lang)
