"""Where an .xlsx/.xlsm keeps its parts: each sheet's zip member, found from the workbook and its relationships."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def member(target: str) -> str:
    """The zip member a relationship's target names ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml"), resolved
    as python-calamine resolves it."""
    target = target.lstrip("/")
    return target if target.startswith("xl/") else "xl/" + target


def sheet_members(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member, in the workbook's order (chart sheets too; a sheet whose target is missing left
    out). Raises KeyError or ElementTree.ParseError for a workbook without its parts."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    targets = {r.get("Id"): r.get("Target") for r in ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    names = set(z.namelist())
    found = {}
    for sheet in book.iter(f"{MAIN}sheet"):
        part = member(targets.get(sheet.get(REL_ID)) or "")
        if part in names:
            found[sheet.get("name")] = part
    return found
