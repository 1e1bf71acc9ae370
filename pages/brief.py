"""Country brief: a country, peer group, year, lead indicators and language (from the view the user came from, or
picked here); one click builds Word, PDF and PowerPoint files."""

import pandas as pd
import streamlit as st

from core.i18n import LANGUAGES, Language
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

st.title(lang.t("rep_brief_title"))
st.caption(lang.t("rep_brief_intro"))

sel = datasets.selection()  # totals of the editions in use
countries = data.brief_countries(path, sel)
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

groups, default = data.brief_groups(path, iso3, sel)
# The country's own groups first, then every other group (a view may compare it with any of them).
groups = pd.concat([groups, compare_data.groups(path)]).drop_duplicates("group_code")
group_names = dict(zip(groups["group_code"], lang.column(groups, "name"), strict=True))
codes = list(group_names)
with middle:
    group = links.selectbox(lang.t("rep_pick_peers"), codes, default=default if default in codes else codes[0],
                            format_func=group_names.get, key=f"rep_group_{iso3}", param="peers")
brief_lang = Language(links.radio(lang.t("rep_pick_lang"), list(LANGUAGES), format_func=LANGUAGES.get,
                                  default=lang.code, horizontal=True, key="rep_brief_lang", param="doc_lang",
                                  container=right))
indicators = compare_data.indicators(path)
ind_names = dict(zip(indicators["code"], lang.column(indicators, "name"), strict=True))
left, right = st.columns([1, 4])
years = ["latest", *range(int(indicators["last_year"].max()), int(indicators["first_year"].min()) - 1, -1)]
with left:
    year = links.selectbox(lang.t("vw_brief_year"), years, key="rep_year", param="year", default="latest",
                           format_func=lambda y: lang.t("vw_latest") if y == "latest" else str(y))
with right:
    lead = links.multiselect(lang.t("vw_brief_indicators"), list(ind_names), key="rep_lead", param="ind",
                             format_func=lambda c: ind_names.get(c, c), max_selections=6)
year = None if year == "latest" else int(year)
view = ""
if st.session_state.get("rep_from_view"):
    view = brief_lang.t("vw_brief_from", country=names.get(iso3, iso3), group=group_names.get(group, group),
             year=year or brief_lang.t("vw_latest"), indicators=", ".join(ind_names.get(c, c) for c in lead) or "—")
    st.caption(view)
formats = st.pills(lang.t("rep_pick_formats"), list(brief.FORMATS), selection_mode="multi",
                   default=list(brief.FORMATS), format_func=str.upper, key="rep_formats")

with st.expander(lang.t("about_data")):
    st.markdown(lang.t("rep_about_brief", group=plain(group_names.get(group, group))))

wanted = (path, sel, iso3, group, brief_lang, tuple(formats or ()), year, tuple(lead))
if st.button(lang.t("rep_build"), type="primary", icon=":material/description:", disabled=not formats):
    with st.status(lang.t("rep_building"), expanded=True) as status:
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
            progress(0.85, lang.t("rep_step_pdf"))
            try:
                files["pdf"] = brief.docx_to_pdf(files.get("docx") or brief.to_docx(made))
            except brief.OfficeMissing as error:
                st.warning(lang.t("rep_pdf_unavailable", error=plain(str(error))))
        progress(1.0, "")
        names_out = {fmt: brief.file_name(made, fmt) for fmt in files}
        pack = [PackItem(c.fig, c.meta, png=c.png) for c in made.charts]  # the brief's charts, as drawn in it
        pack_meta = ExportMeta(title=made.title, subtitle=made.subtitle, is_demo=made.is_demo, lang=brief_lang,
                               file_stem=brief.file_name(made, "zip").removesuffix(".zip") + "-charts")
        st.session_state[FILES_KEY] = {"wanted": wanted, "files": files, "names": names_out, "pack": pack,
                                       "pack_meta": pack_meta, "charts": len(made.charts), "rows": len(made.table)}
        status.update(label=lang.t("rep_built", charts=len(made.charts), rows=len(made.table)), state="complete",
                      expanded=False)

ready = st.session_state.get(FILES_KEY)
if ready and ready["wanted"] == wanted:
    labels = {"docx": lang.t("rep_download_docx"), "pdf": lang.t("rep_download_pdf"),
              "pptx": lang.t("rep_download_pptx")}
    columns = st.columns(len(brief.FORMATS) + 2)
    for column, fmt in zip(columns, [f for f in brief.FORMATS if f in ready["files"]], strict=False):
        column.download_button(labels[fmt], data=ready["files"][fmt], file_name=ready["names"][fmt],
                               mime=brief.MIME[fmt], key=f"rep-brief-{fmt}", on_click="ignore",
                               icon=":material/download:", type="primary" if fmt == "docx" else "secondary")
    with columns[-2]:
        downloads.chart_pack(ready["pack"], ready["pack_meta"], key="rep-brief")
