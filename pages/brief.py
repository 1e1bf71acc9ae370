"""Country brief: a country, peer group, year, lead indicators and language (from the view the user came from, or
picked here); one click builds Word, PDF and PowerPoint files."""

import pandas as pd
import streamlit as st

from core.i18n import LANGUAGES, t
from reports import brief
from reports.images import PackItem
from reports.meta import ExportMeta
from ui import compare_data, data, datasets, downloads, links, state
from ui.router import ensure_router
from ui.text import plain

ensure_router()  # a deep link to this page on a fresh server still gets the router

lang = state.lang()
path = data.version()
FILES_KEY = "rep_brief_files"

st.title(t("rep_brief_title", lang))
st.caption(t("rep_brief_intro", lang))

sel = datasets.selection()  # totals of the editions in use
countries = data.brief_countries(path, sel)
names = dict(zip(countries["iso3"], countries["name_ru" if lang == "ru" else "name_en"], strict=True))
if links.incoming("country", "rep_country"):  # opened from a view (compare, profile): the brief says so
    st.session_state["rep_from_view"] = True
left, middle, right = st.columns([2, 2, 1])
with left:
    iso3 = links.selectbox(t("rep_pick_country", lang), list(names), format_func=names.get, index=None,
                           placeholder=t("rep_no_country", lang), key="rep_country", param="country")
if not iso3:
    st.info(t("rep_no_country", lang))
    st.stop()

groups, default = data.brief_groups(path, iso3, sel)
# The country's own groups first, then every other group (a view may compare it with any of them).
groups = pd.concat([groups, compare_data.groups(path)]).drop_duplicates("group_code")
group_names = dict(zip(groups["group_code"], groups["name_ru" if lang == "ru" else "name_en"], strict=True))
codes = list(group_names)
with middle:
    group = links.selectbox(t("rep_pick_peers", lang), codes, default=default if default in codes else codes[0],
                            format_func=group_names.get, key=f"rep_group_{iso3}", param="peers")
brief_lang = links.radio(t("rep_pick_lang", lang), list(LANGUAGES), format_func=LANGUAGES.get, default=lang,
                         horizontal=True, key="rep_brief_lang", param="doc_lang", container=right)
indicators = compare_data.indicators(path)
ind_names = dict(zip(indicators["code"], indicators["name_ru" if lang == "ru" else "name_en"], strict=True))
left, right = st.columns([1, 4])
years = ["latest", *range(int(indicators["last_year"].max()), int(indicators["first_year"].min()) - 1, -1)]
with left:
    year = links.selectbox(t("vw_brief_year", lang), years, key="rep_year", param="year", default="latest",
                           format_func=lambda y: t("vw_latest", lang) if y == "latest" else str(y))
with right:
    lead = links.multiselect(t("vw_brief_indicators", lang), list(ind_names), key="rep_lead", param="ind",
                             format_func=lambda c: ind_names.get(c, c), max_selections=6)
year = None if year == "latest" else int(year)
view = ""
if st.session_state.get("rep_from_view"):
    view = t("vw_brief_from", brief_lang, country=names.get(iso3, iso3), group=group_names.get(group, group),
             year=year or t("vw_latest", brief_lang), indicators=", ".join(ind_names.get(c, c) for c in lead) or "—")
    st.caption(view)
formats = st.pills(t("rep_pick_formats", lang), list(brief.FORMATS), selection_mode="multi",
                   default=list(brief.FORMATS), format_func=str.upper, key="rep_formats")

with st.expander(t("about_data", lang)):
    st.markdown(t("rep_about_brief", lang, group=plain(group_names.get(group, group))))

wanted = (path, sel, iso3, group, brief_lang, tuple(formats or ()), year, tuple(lead))
if st.button(t("rep_build", lang), type="primary", icon=":material/description:", disabled=not formats):
    with st.status(t("rep_building", lang), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(fraction: float, text: str) -> None:
            bar.progress(min(1.0, fraction), text=plain(text))

        try:
            made = brief.build(data.cursor(path, sel), iso3, brief_lang, group, progress=progress, year=year,
                               indicators=list(lead), view=view)
        except brief.BriefError as error:
            status.update(label=plain(str(error)), state="error")
            st.stop()
        files = brief.write(made, tuple(f for f in formats if f != "pdf"), progress=progress)
        if "pdf" in formats:
            progress(0.85, t("rep_step_pdf", lang))
            try:
                files["pdf"] = brief.docx_to_pdf(files.get("docx") or brief.to_docx(made))
            except brief.OfficeMissing as error:
                st.warning(t("rep_pdf_unavailable", lang, error=plain(str(error))))
        progress(1.0, "")
        names_out = {fmt: brief.file_name(made, fmt) for fmt in files}
        pack = [PackItem(c.fig, c.meta, png=c.png) for c in made.charts]  # the brief's charts, as drawn in it
        pack_meta = ExportMeta(title=made.title, subtitle=made.subtitle, is_demo=made.is_demo, lang=brief_lang,
                               file_stem=brief.file_name(made, "zip").removesuffix(".zip") + "-charts")
        st.session_state[FILES_KEY] = {"wanted": wanted, "files": files, "names": names_out, "pack": pack,
                                       "pack_meta": pack_meta, "charts": len(made.charts), "rows": len(made.table)}
        status.update(label=t("rep_built", lang, charts=len(made.charts), rows=len(made.table)), state="complete",
                      expanded=False)

ready = st.session_state.get(FILES_KEY)
if ready and ready["wanted"] == wanted:
    labels = {"docx": t("rep_download_docx", lang), "pdf": t("rep_download_pdf", lang),
              "pptx": t("rep_download_pptx", lang)}
    columns = st.columns(len(brief.FORMATS) + 2)
    for column, fmt in zip(columns, [f for f in brief.FORMATS if f in ready["files"]], strict=False):
        column.download_button(labels[fmt], data=ready["files"][fmt], file_name=ready["names"][fmt],
                               mime=brief.MIME[fmt], key=f"rep-brief-{fmt}", on_click="ignore",
                               icon=":material/download:", type="primary" if fmt == "docx" else "secondary")
    with columns[-2]:
        downloads.chart_pack(ready["pack"], ready["pack_meta"], key="rep-brief")
