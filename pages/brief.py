"""Country brief: a country, peer group, year, lead indicators and language (from the view the user came from, or
picked here); one click builds Word, PDF and PowerPoint files."""

import streamlit as st

from analytics import brief as queries
from analytics import compare
from core.i18n import LANGUAGES, Language
from reports import brief
from screens import brief as screen
from ui import brief_view, data, datasets, links, router
from ui.text import plain

FILES_KEY = "rep_brief_files"
lang, path = router.start()
st.title(lang.t("rep_brief_title"))
st.caption(lang.t("rep_brief_intro"))

read, sel = data.reader(path), datasets.selection()  # totals of the editions in use
countries = read(queries.countries_with_data, sel=sel)
names = dict(zip(countries["iso3"], lang.column(countries, "name"), strict=True))
if links.incoming("country", "rep_country"):  # opened from a view (compare, profile): the brief says so
    st.session_state["rep_from_view"] = True
left, middle, right = st.columns([2, 2, 1])
with left:
    iso3 = links.selectbox(lang.t("rep_pick_country"), list(names), format_func=names.get, index=None,
                           placeholder=lang.t("rep_no_country"), key="rep_country", param="country")
if not iso3:
    st.info(lang.t("rep_no_country"))
    st.stop()

group_names, default = screen.group_choices(read, iso3, sel, lang)
with middle:
    group = links.selectbox(lang.t("rep_pick_peers"), list(group_names), default=default, format_func=group_names.get,
                            key=f"rep_group_{iso3}", param="peers")
brief_lang = Language(links.radio(lang.t("rep_pick_lang"), list(LANGUAGES), format_func=LANGUAGES.get,
                                  default=lang.code, horizontal=True, key="rep_brief_lang", param="doc_lang",
                                  container=right))
indicators = read(compare.indicators)
ind_names = dict(zip(indicators["code"], lang.column(indicators, "name"), strict=True))
left, right = st.columns([1, 4])
with left:
    year = links.selectbox(lang.t("vw_brief_year"), screen.years(indicators), key="rep_year", param="year",
                           default=screen.LATEST,
                           format_func=lambda y: lang.t("vw_latest") if y == screen.LATEST else str(y))
with right:
    lead = links.multiselect(lang.t("vw_brief_indicators"), list(ind_names), key="rep_lead", param="ind",
                             format_func=lambda c: ind_names.get(c, c), max_selections=6)
year = None if year == screen.LATEST else int(year)
view = ""
if st.session_state.get("rep_from_view"):
    view = brief_lang.t("vw_brief_from", country=names.get(iso3, iso3), group=group_names.get(group, group),
                        year=year or brief_lang.t("vw_latest"),
                        indicators=", ".join(ind_names.get(c, c) for c in lead) or "—")
    st.caption(view)
formats = st.pills(lang.t("rep_pick_formats"), list(brief.FORMATS), selection_mode="multi",
                   default=list(brief.FORMATS), format_func=str.upper, key="rep_formats")

with st.expander(lang.t("about_data")):
    st.markdown(lang.t("rep_about_brief", group=plain(group_names.get(group, group))))

wanted = (path, sel, iso3, group, brief_lang, tuple(formats or ()), year, tuple(lead))
if st.button(lang.t("rep_build"), type="primary", icon=":material/description:", disabled=not formats):
    picks = {"iso3": iso3, "brief_lang": brief_lang, "group": group, "formats": tuple(formats), "year": year,
             "lead": list(lead), "view": view}
    st.session_state[FILES_KEY] = {"wanted": wanted, **brief_view.build(data.cursor(path, sel), picks, lang)}

ready = st.session_state.get(FILES_KEY)
if ready and ready["wanted"] == wanted:
    brief_view.download_row(ready, lang)
