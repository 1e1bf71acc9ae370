"""Country brief: pick a country, peer group and language; one click builds Word, PDF and PowerPoint files."""

import streamlit as st

from core.i18n import LANGUAGES
from reports import brief
from reports.images import PackItem
from reports.meta import ExportMeta
from ui import data, downloads, state
from ui.router import ensure_router
from ui.text import plain

ensure_router()  # a deep link to this page on a fresh server still gets the router

lang = state.lang()
path = data.version()
FILES_KEY = "rep_brief_files"

st.title(lang.t("rep_brief_title"))
st.caption(lang.t("rep_brief_intro"))

countries = data.brief_countries(path)
names = dict(zip(countries["iso3"], lang.column(countries, "name"), strict=True))
left, middle, right = st.columns([2, 2, 1])
iso3 = left.selectbox(lang.t("rep_pick_country"), list(names), format_func=names.get, index=None,
                      placeholder=lang.t("rep_no_country"), key="rep_country")
if not iso3:
    st.info(lang.t("rep_no_country"))
    st.stop()

groups, default = data.brief_groups(path, iso3)
group_names = dict(zip(groups["group_code"], lang.column(groups, "name"), strict=True))
codes = list(group_names)
group = middle.selectbox(lang.t("rep_pick_peers"), codes, index=codes.index(default) if default in codes else 0,
                         format_func=group_names.get, key=f"rep_group_{iso3}")
brief_lang = right.radio(lang.t("rep_pick_lang"), list(LANGUAGES), format_func=LANGUAGES.get,
                         index=list(LANGUAGES).index(lang), horizontal=True, key="rep_brief_lang")
formats = st.pills(lang.t("rep_pick_formats"), list(brief.FORMATS), selection_mode="multi",
                   default=list(brief.FORMATS), format_func=str.upper, key="rep_formats")

with st.expander(lang.t("about_data")):
    st.markdown(lang.t("rep_about_brief", group=plain(group_names.get(group, group))))

wanted = (path, iso3, group, brief_lang, tuple(formats or ()))
if st.button(lang.t("rep_build"), type="primary", icon=":material/description:", disabled=not formats):
    with st.status(lang.t("rep_building"), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(fraction: float, text: str) -> None:
            bar.progress(min(1.0, fraction), text=text)

        try:
            made = brief.build(data.cursor(path), iso3, brief_lang, group, progress=progress)
        except brief.BriefError as error:
            status.update(label=str(error), state="error")
            st.stop()
        files = brief.write(made, tuple(f for f in formats if f != "pdf"), progress=progress)
        if "pdf" in formats:
            progress(0.85, lang.t("rep_step_pdf"))
            try:
                files["pdf"] = brief.docx_to_pdf(files.get("docx") or brief.to_docx(made))
            except brief.OfficeMissing as error:
                st.warning(lang.t("rep_pdf_unavailable", error=str(error)))
        progress(1.0, "")
        names_out = {fmt: brief.file_name(made, fmt) for fmt in files}
        pack = [PackItem(c.fig, c.meta, png=c.png) for c in made.charts]
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
