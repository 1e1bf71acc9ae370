"""Country profile: one country across every indicator, against hub members and a peer group."""

import pandas as pd
import streamlit as st

from analytics import peers
from charts import compare as cc
from core.i18n import with_unit
from ui import analysis_page, charts, compare_data, datasets, errors, links
from ui import compare_widgets as w
from ui.downloads import chart_downloads, table_downloads
from ui.text import plain

lang, path = analysis_page.start("profile")
st.title(lang.t("cmp_prof_title"))
st.caption(lang.t("cmp_prof_intro"))
indicators = analysis_page.indicators_or_stop(path, lang)
countries = compare_data.countries(path)
membership = compare_data.membership(path)
listed = sorted(membership.loc[membership["is_hub_member"].astype(bool), "iso3"])
own = w.own_group_editor(countries, lang)
options = w.group_options(compare_data.groups(path), own, lang)
hub_set = w.hub_set_picker(membership, own, lang)
hub = list(hub_set.members)

left, middle, right = st.columns([2, 1, 2])
with left:
    iso3 = w.country_picker(countries, lang, "cmp_focus", lang.t("country"), w.default_focus(listed))
with middle:
    all_years = list(range(int(indicators["first_year"].min()), int(indicators["last_year"].max()) + 1))
    default_base = 2015 if 2015 in all_years else all_years[0]
    baseline = links.selectbox(lang.t("cmp_prof_baseline"), all_years, key="prof_base", param="base",
                               default=default_base, help=lang.t("cmp_prof_baseline_help"))
with right:
    peer = w.peer_picker(options, lang)
peer_name, peer_members = options[peer]
w.remember()
country = w.names(countries, lang).get(iso3, iso3)
# Totals by default; a group (women, managers...) shows the indicators published for it, against the same group
breakdown = datasets.breakdown_picker(path, lang, "prof_bd", iso3=iso3)
sel = datasets.selection(breakdown)

frame = compare_data.profile(path, iso3, int(baseline), tuple(hub), tuple(sorted(peer_members)), sel)
if frame.empty:
    st.info(lang.t("cmp_prof_no_data", country=plain(country)))
    st.stop()
if breakdown:
    st.info(plain(lang.t("ds_profile_breakdown", group=datasets.breakdown_label(path, breakdown, lang),
                    n=len(frame))))
sources = compare_data.sources_of(path, tuple(frame["code"]), sel)
demo = bool(frame["is_demo"].any())
name_col = lang.col("name")
subtitle = lang.t("cmp_prof_subtitle", baseline=baseline, edition=", ".join(sources["edition"]))
if not peer_members:
    st.info(lang.t("cmp_own_group_empty_info"))

# 1. The table: every number with its year
st.subheader(lang.t("cmp_prof_table_title", country=plain(country)))
hub_label = hub_set.short(lang)
table = compare_data.profile_table(path, iso3, int(baseline), tuple(hub), tuple(sorted(peer_members)), lang,
                                   peer_name, hub_label, sel)
st.dataframe(table, hide_index=True, width="stretch")
notes = (hub_label, peers.group_set(peer, peer_name, peer_members).short(lang), lang.t("vw_sig_rule"))
st.caption("  \n".join([lang.t("cmp_prof_table_note"), *(plain(n) for n in notes[:2]), notes[2]]))
export = frame[["code", name_col, "year", "value", "std_error", "lower", "upper", "base_year", "base_value",
                "change", "change_sig", "annual_rate", "hub_rank", "rank_low", "rank_high", "rank_of", "hub_avg",
                "hub_n", "hub_N", "gap_hub", "hub_sig", "best_iso3", "best_value", "gap_best", "peer_avg", "peer_n",
                "peer_N", "gap_peer", "peer_sig", "source", "edition"]]
table_downloads(export, w.export_meta(lang.t("cmp_prof_table_title", country=country), subtitle, sources, lang,
                                      f"profile-{iso3}", notes=notes, page="profile"), "prof-table")

# 2. At a glance: ahead or behind the hub
st.subheader(lang.t("cmp_prof_strip_title"))
ranked = frame["is_world_rank"].astype(bool)  # a world rank re-ranked says nothing new
fig = cc.profile_strip(frame[~ranked], lang, demo)
charts.show(fig, lang, key="prof_strip")
st.caption(lang.t("cmp_prof_strip_note") + (" " + lang.plural("cmp_prof_strip_ranks", int(ranked.sum()))
                                             if ranked.any() else ""))
w.sources_caption(sources, lang, lang.t("cmp_prof_latest_years", first=int(frame["year"].min()),
                                   last=int(frame["year"].max())))
chart_downloads(fig, w.export_meta(lang.t("cmp_prof_strip_title") + f": {country}", subtitle, sources, lang,
                                   f"profile-{iso3}-strip", notes=notes, page="profile"), "prof-strip")

# 3. Series by theme: the country, the hub average and its targets
st.subheader(lang.t("cmp_prof_multiples_title"))
themes = frame.drop_duplicates("theme")
theme_names = dict(zip(themes["theme"], lang.column(themes, "theme"), strict=True))
theme = links.selectbox(lang.t("theme"), list(theme_names), key="prof_theme", param="theme",
                        format_func=lambda c: theme_names.get(c) or c)
in_theme = frame[frame["theme"] == theme]


@errors.fragment
def theme_series(in_theme: pd.DataFrame) -> None:
    """Small multiples of the picked indicators of one theme, with their downloads (picking panels reruns this
    part only)."""
    panel_names = dict(zip(in_theme["code"], in_theme[name_col], strict=True))
    if st.session_state.get("_prof_panels_theme") != theme:  # another theme: its own first panels
        st.session_state.pop("prof_panels", None)
    st.session_state["_prof_panels_theme"] = theme
    picked = links.multiselect(lang.t("cmp_prof_panels", n=cc.MAX_PANELS), list(in_theme["code"]),
                               default=list(in_theme["code"])[:6], max_selections=cc.MAX_PANELS, key="prof_panels",
                               param="panels", format_func=lambda c: panel_names.get(c, c))
    if not picked:
        st.info(lang.t("cmp_prof_no_panels"))
        return
    chosen = in_theme[in_theme["code"].isin(picked)]
    targets = compare_data.targets(path, iso3, tuple(chosen["code"]))
    panels = [{
        "meta": w.meta_dict(r, lang), "country": country,
        "series": compare_data.series(path, r["code"], (iso3,), None, None, sel),
        "hub": compare_data.group_series(path, r["code"], tuple(hub), sel),
        "targets": targets[targets["indicator_code"] == r["code"]],
    } for _, r in chosen.iterrows()]
    fig = cc.small_multiples(panels, lang, bool(chosen["is_demo"].any()), hub_label=hub_label)
    charts.show(fig, lang, key="prof_multiples")
    notes = [lang.t("cmp_prof_multiples_note")]
    if targets.empty:
        notes.append(lang.t("cmp_prof_no_targets", country=plain(country)))
    st.caption("  \n".join(notes))
    theme_sources = compare_data.sources_of(path, tuple(chosen["code"]), sel)
    shown = pd.concat([p["series"]["year"] for p in panels])
    w.sources_caption(theme_sources, lang, f"{int(shown.min())}–{int(shown.max())}" if len(shown) else "—")
    meta = w.export_meta(f"{country}: {theme_names.get(theme) or theme}", subtitle, theme_sources, lang,
                         f"profile-{iso3}-{theme}", notes=notes, page="profile")
    chart_downloads(fig, meta, "prof-multiples")
    table = pd.concat([p["series"].assign(indicator=p["meta"]["name"]) for p in panels], ignore_index=True)
    table_downloads(table[["indicator", "iso3", "year", "value", "std_error", "lower", "upper"]], meta,
                    "prof-multiples-t")


theme_series(in_theme)

# 4. About this data
with st.expander(lang.t("about_data"), expanded=False):
    definitions = lang.column(indicators.set_index("code"), "definition")
    st.markdown("\n".join(f"- **{plain(with_unit(r[name_col], lang.pick(r, 'unit')))}**: "
                          f"{plain(definitions.get(r['code'], ''))}"
                          for _, r in frame.iterrows()))
st.caption("  \n".join(w.source_lines(sources, lang)))
