"""Peer sets an official can defend: which countries an average or a rank is over, and a label that says so.

Hub participation is data with a status (`country.is_hub_member`, `country.membership_certain`): the hub average
can be over the confirmed members only, over every listed member, or over a group of the user's own. Whatever the
choice, the label says it: "hub average, 22 confirmed members, 20 reporting in 2023"."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from core.i18n import Language
from store.queries import sql

HUB, HUB_CONFIRMED, OWN = "HUB", "HUB_CONFIRMED", "OWN"  # group codes (the first two are built-in groups)
CONFIRMED, ALL = "confirmed", "all"  # the "hub average over" choices, as the address carries them
CHOICES = (CONFIRMED, ALL, OWN.lower())
DEFAULT_CHOICE = CONFIRMED  # unconfirmed participation is not silently counted


@dataclass(frozen=True)
class PeerSet:
    """The countries an average is over: `kind` is hub_confirmed, hub_all, own or group."""

    code: str
    kind: str
    name: str
    members: tuple[str, ...]
    confirmed: int = 0  # members whose hub participation is confirmed

    def short(self, lang: Language) -> str:
        """What the average is over, without a count of reporters (a series, where the count varies by year)."""
        lang = Language(lang)
        if self.kind == "hub_confirmed":
            text = lang.t("vw_short_confirmed", N=len(self.members))
        elif self.kind == "hub_all":
            text = lang.t("vw_short_all", N=len(self.members), c=self.confirmed)
        else:
            text = lang.t("vw_short_group", name=self.name, N=len(self.members))
        return text[:1].upper() + text[1:]

    def label(self, n: int, year: object, lang: Language) -> str:
        """What the average is over, in words, with how many reported: the label of every line and export."""
        lang = Language(lang)
        if self.kind == "hub_confirmed":
            text = lang.t("vw_label_confirmed", N=len(self.members), n=n)
        elif self.kind == "hub_all":
            text = lang.t("vw_label_all", N=len(self.members), c=self.confirmed, n=n)
        else:
            text = lang.t("vw_label_group", name=self.name, N=len(self.members), n=n)
        text = text[:1].upper() + text[1:]
        return f"{text} {lang.t('vw_label_year', year=year)}" if year not in (None, "") else text


def membership(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every country with its hub status: is_hub_member, membership_certain, member_since, membership_note."""
    return con.execute(sql("analytics/peers", "membership")).df()


def hub_set(members: pd.DataFrame, choice: str, lang: Language, own: tuple[str, list[str]] | None = None) -> PeerSet:
    """The set the hub average is over: `choice` is CONFIRMED, ALL or "own" (the user's group `own` = (name,
    members)); `members` is `membership()`."""
    lang = Language(lang)
    hub = members[members["is_hub_member"].astype(bool)]
    confirmed = hub[hub["membership_certain"].astype(bool)]
    if choice == OWN.lower() and own is not None:
        name, codes = own
        return PeerSet(OWN, "own", name, tuple(sorted(set(codes))))
    if choice == ALL:
        return PeerSet(HUB, "hub_all", lang.t("vw_avg_all"), tuple(sorted(hub["iso3"])), len(confirmed))
    return PeerSet(HUB_CONFIRMED, "hub_confirmed", lang.t("vw_avg_confirmed"), tuple(sorted(confirmed["iso3"])),
                   len(confirmed))


def group_set(code: str, name: str, members: list[str]) -> PeerSet:
    """A built-in group (region, bloc) or the user's own group as a peer set."""
    return PeerSet(code, "own" if code == OWN else "group", name, tuple(sorted(set(members))))
