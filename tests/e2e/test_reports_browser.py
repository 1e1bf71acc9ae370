"""Downloads from the running app: the overview map as PNG, and a country brief built with one click."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook
from PIL import Image

from tests.e2e.conftest import ARTIFACTS, settle


def test_png_of_the_map_and_a_brief_download_from_the_browser(server, page) -> None:
    url, _ = server
    pg, errors, outside = page
    ARTIFACTS.mkdir(exist_ok=True)
    pg.goto(f"{url}/")
    settle(pg)
    with pg.expect_download(timeout=120_000) as info:
        pg.locator('[data-testid="stDownloadButton"] button', has_text="PNG").first.click()
    png = Image.open(info.value.path())
    assert png.format == "PNG" and png.width >= 2000 and round(png.info["dpi"][0]) == 300
    assert info.value.suggested_filename == "hub-participants-map.png"
    png.convert("RGB").resize((png.width // 3, png.height // 3)).save(ARTIFACTS / "download-map.png")
    assert pg.locator(".js-plotly-plot .choroplethlocation").count() > 30  # the page was not rerun or reset
    with pg.expect_download(timeout=60_000) as info:
        pg.locator('[data-testid="stDownloadButton"] button', has_text="XLSX").first.click()
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["View in the dashboard"].startswith(url)  # an absolute link back to this view
    assert about["Source"] == "Hub Reform Monitor store" and "DEMO" not in about  # the default store: published

    pg.locator('[data-testid="stSidebarNavLink"]', has_text="Country brief").click()  # as a user navigates
    pg.wait_for_selector('[data-testid="stSelectbox"]', timeout=60_000)
    pg.locator('[data-testid="stSelectbox"]').first.click()
    pg.keyboard.type("Kazakhstan")
    pg.keyboard.press("Enter")
    pg.get_by_role("button", name="Build the brief").click()
    docx_button = pg.locator('[data-testid="stDownloadButton"] button', has_text="Word (DOCX)")
    docx_button.wait_for(timeout=240_000)
    pg.screenshot(path=str(ARTIFACTS / "brief_page.png"), full_page=True)
    with pg.expect_download(timeout=60_000) as info:
        docx_button.click()
    doc = Document(info.value.path())
    assert doc.paragraphs[1].text == "Kazakhstan: civil-service reform brief"
    assert len(doc.inline_shapes) >= 6
    assert pg.locator('[data-testid="stDownloadButton"] button', has_text="PDF").count() == 1  # still there
    assert errors == [], f"console errors: {errors}"
    assert outside == [], f"requests leaving localhost: {outside}"


def test_exported_html_map_draws_with_no_network(page, tmp_path) -> None:
    from analytics.overview import hub_members
    from charts.overview import members_map
    from etl.setup_store import init_store
    from reports import images
    from reports.meta import ExportMeta
    from store import Store

    store = Store(tmp_path / "store")
    init_store(store, starter_pack=False)  # the reference data is enough for the members map
    with store.reader() as con:
        fig = members_map(hub_members(con), "ru")
    html = tmp_path / "map.html"
    html.write_bytes(images.to_html(fig, ExportMeta(title="Участники Хаба", lang="ru")))
    pg, errors, outside = page
    pg.goto(html.as_uri())
    pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    pg.wait_for_timeout(500)
    assert pg.locator(".js-plotly-plot .choroplethlocation").count() > 30  # outlines drawn from the file itself
    assert "Участники Хаба" in pg.locator(".js-plotly-plot").inner_text()
    pg.screenshot(path=str(ARTIFACTS / "export-map-html.png"))
    assert errors == [], errors
    assert [u for u in outside if not u.startswith("file:")] == []
