"""Breakdown and edition pickers in Chromium: a group picked on Compare, an earlier edition picked in the sidebar."""

from __future__ import annotations

from playwright.sync_api import Page

from etl.validate.prepare import prepare
from etl.write.commit import commit
from tests.e2e.conftest import ARTIFACTS, settle
from tests.fixtures.breakdowns import CODE, parsed, value

COUNTRIES = ["ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "UZB"]


def pick(pg: Page, label: str, option: str) -> None:
    """Open the select box labelled `label` and click `option`, as a user does."""
    box = pg.locator('[data-testid="stSelectbox"]', has_text=label).first
    box.click()
    pg.locator('[role="option"]', has_text=option).first.click()
    pg.wait_for_timeout(500)
    settle(pg)


def test_a_group_and_an_earlier_edition_are_picked_and_said(server, page, tmp_path) -> None:
    url, store = server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    for edition, shift in (("2024", 0), ("2023", 100)):
        made = parsed(COUNTRIES, [2021, 2022], edition=edition, shift=shift)
        path = tmp_path / f"earnings-{edition}.csv"
        made.observations.to_csv(path, index=False)
        commit(prepare(made, path.name), path=path, user="test", store=store)

    pg.set_viewport_size({"width": 1400, "height": 1600})
    pg.goto(f"{url}/compare?ind={CODE}&year=2022&lag=0")
    settle(pg)
    assert pg.get_by_text("Average hourly earnings, 2022").first.is_visible()  # the total by default
    pick(pg, "Breakdown", "Sex: Women")
    pg.get_by_text("Average hourly earnings — Sex: Women, 2022").first.wait_for(timeout=30_000)
    pg.screenshot(path=str(ARTIFACTS / "compare_breakdown_en.png"), full_page=False)

    pick(pg, "Edition of Generated earnings by sex", "2023 (older edition)")
    notice = pg.locator('[data-testid="stAlert"]', has_text="the 2023 edition is shown, not the current one (2024)")
    notice.first.wait_for(timeout=30_000)
    kaz = f"{value('KAZ', 2022, 'sex=F') + 100:,.0f}"  # the older edition's women's figure for Kazakhstan
    assert pg.locator(".js-plotly-plot").first.get_by_text(kaz).count() >= 1
    pg.screenshot(path=str(ARTIFACTS / "compare_older_edition_en.png"), full_page=False)
    assert errors == [] or all("404" in e for e in errors), errors
    assert outside == [], f"requests leaving localhost: {outside}"
