"""Catalogues complete in three languages; numbers, plurals, ordinals and dates by each language's rules."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from core.i18n import LANGUAGES, MINUS, Language, keys, placeholders, with_unit
from scripts import i18n as tool
from tests.conftest import ROOT

NBSP = "\u00a0"


def test_every_message_has_a_translation_in_every_language_with_its_placeholders() -> None:
    assert tool.check() == []


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The catalogues copied to a folder of their own, for the script to change."""
    locales = tmp_path / "locales"
    shutil.copytree(tool.LOCALES, locales, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    monkeypatch.setattr(tool, "LOCALES", locales)
    monkeypatch.setattr(tool, "STRINGS_DIR", tmp_path / "strings")
    return locales


def test_the_check_fails_on_a_missing_translation_and_on_a_dropped_placeholder(copy: Path) -> None:
    ru, kk = tool.load("ru"), tool.load("kk")
    tool.by_key(ru)["cmp_reporting"].string = "Значение есть у {n} стран."  # {N} and {year} dropped
    tool.by_key(kk)["cmp_title"].string = ""
    tool.by_key(kk)["up_errors_block"].string = ("{n} мәселе бар.", "")  # one plural form left empty
    tool.save("ru", ru)
    tool.save("kk", kk)
    faults = tool.check()
    assert any(f.startswith("ru: cmp_reporting: placeholders differ") and "'N'" in f and "'year'" in f
               for f in faults)
    assert "kk: cmp_title: no translation" in faults
    assert "kk: up_errors_block: no translation" in faults


def test_a_branch_text_module_moves_into_the_catalogues_with_kazakh_drafts_marked_fuzzy(copy: Path) -> None:
    module = tool.STRINGS_DIR / "sec.py"
    module.parent.mkdir()
    module.write_text('STRINGS = {"sec_plain": ("Shown as plain text: {text}", "Показано как текст: {text}")}\n',
                      encoding="utf-8")
    assert any("sec.py: text module not in the catalogues yet" in f for f in tool.check())
    assert tool.import_module(module) == ["sec_plain"]
    assert not module.exists()
    en, ru, kk = (tool.by_key(tool.load(c))["sec_plain"] for c in ("en", "ru", "kk"))
    assert (en.context, en.id, en.string) == ("sec_plain", "Shown as plain text: {text}", en.id)
    assert ru.string == "Показано как текст: {text}" and not ru.fuzzy
    assert kk.string == ru.string and kk.fuzzy and tool.DRAFT_NOTE in kk.user_comments
    assert "python-brace-format" in en.flags
    assert tool.check() == []  # a fuzzy draft is shown (flagged for a translator), not missing
    assert ("kk", "sec_plain", en.id, kk.string) in tool.fuzzy("kk")


def test_changed_english_marks_the_translations_fuzzy_and_keeps_the_old_text_for_the_translator(copy: Path) -> None:
    en = tool.load("en")
    old = tool.by_key(en)["cmp_title"]
    en.delete(old.id, context="cmp_title")
    en.add("Compare hub countries", "Compare hub countries", context="cmp_title")
    tool.save("en", en)
    assert tool.update()["kk"]["changed"] == 1
    kk = tool.by_key(tool.load("kk"))["cmp_title"]
    assert kk.fuzzy and kk.previous_id == ["Compare countries"] and kk.string == "Елдерді салыстыру"
    assert tool.check() == []


def test_no_language_branches_in_the_code() -> None:
    branch = re.compile(r"""(lang\w*|\.lang)\s*[!=]=\s*["'](en|ru|kk)["']|["'](en|ru|kk)["']\s*[!=]=\s*lang""")
    found = [f"{p.relative_to(ROOT)}:{i}" for folder in ("core", "etl", "analytics", "reports", "ui", "pages")
             for p in (ROOT / folder).rglob("*.py")
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if branch.search(line)]
    found += [f"dashboard.py:{i}" for i, line in enumerate((ROOT / "dashboard.py").read_text().splitlines(), 1)
              if branch.search(line)]
    assert found == []


def test_numbers_use_cldr_separators_and_one_minus_sign_in_every_language() -> None:
    assert Language("en").n(-1234.5, 1) == f"{MINUS}1,234.5"
    assert Language("ru").n(-1234.5, 1) == f"{MINUS}1{NBSP}234,5"
    assert Language("kk").n(-1234.5, 1) == f"{MINUS}1{NBSP}234,5"
    for code in LANGUAGES:
        lang = Language(code)
        assert "-" not in lang.n(-0.25) and lang.n(-0.0001, 2) in ("0.00", "0,00")  # never "−0,00"
        assert lang.n(None) == lang.t("missing") and lang.n(float("nan")) == lang.t("missing")
        assert lang.n(0.25, 2, signed=True).startswith("+")
    assert Language("ru").pct(0.456) == f"46{NBSP}%" and Language("kk").pct(0.456, 1) == "45,6%"
    assert Language("ru").plotly_separators == f",{NBSP}"


@pytest.mark.parametrize(("code", "expected"), [
    ("ru", {1: "1 проблема", 3: "3 проблемы", 5: "5 проблем", 11: "11 проблем", 21: "21 проблема",
            22: "22 проблемы"}),
    ("en", {1: "1 problem", 3: "3 problems", 21: "21 problems"}),
    ("kk", {1: "1 мәселе", 5: "5 мәселе"}),
])
def test_plural_forms_follow_the_language(code: str, expected: dict[int, str]) -> None:
    lang = Language(code)
    for n, words in expected.items():
        assert words in lang.plural("up_errors_block", n, file="a.xlsx")


def test_ordinals_ranks_and_n_of_n_by_each_language_s_grammar() -> None:
    en, ru, kk = Language("en"), Language("ru"), Language("kk")
    assert [en.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
    # Kazakh: the suffix follows the vowel of the number's last spoken word (алты-ншы, елу-інші, жүз-інші, мың-ыншы)
    assert [kk.ordinal(n) for n in (1, 6, 9, 10, 16, 20, 40, 50, 60, 70, 80, 90, 100, 110, 1000)] == \
        ["1-ші", "6-шы", "9-шы", "10-шы", "16-шы", "20-шы", "40-шы", "50-ші", "60-шы", "70-ші", "80-ші",
         "90-шы", "100-ші", "110-шы", "1000-шы"]
    assert en.rank(2, 38) == "2nd of 38" and ru.rank(2, 38) == "2-е место из 38" and kk.rank(2, 38) == \
        "38 ішінен 2-ші орын"
    assert ru.of(3, 38) == "3 из 38" and kk.of(3, 38) == "38 ішінен 3"
    assert "из 3-е" not in ru.t("rep_msg_ahead", indicator="x", value="1", peer="2", year=2024, rank=ru.rank(1, 3))
    assert ru.join(["Армения", "Грузия", "Казахстан"]) == "Армения, Грузия и Казахстан"


def test_dates_from_cldr() -> None:
    day = dt.date(2024, 1, 12)
    assert Language("en").date(day) == "January 12, 2024"
    assert Language("ru").date(day).startswith("12 января 2024")
    assert Language("kk").date(day).startswith("2024") and "қаңтар" in Language("kk").date(day)


def test_labels_never_nest_brackets() -> None:
    assert with_unit("Corruption Perceptions Index: score", "score, 0–100") == \
        "Corruption Perceptions Index: score (0–100)"
    assert with_unit("Индекс развития электронного правительства (EGDI)", "индекс, 0–1") == \
        "Индекс развития электронного правительства (EGDI), индекс, 0–1"
    templates = ("pr_", "prh_", "prt_", "prp_", "err_", "cli_")  # the loaders' English, mirrored as written
    for code in LANGUAGES:  # no text of the interface opens a bracket inside a bracket
        lang = Language(code)
        for key in sorted(k for k in keys() if not k.startswith(templates)):
            text = lang.t(key) if not isinstance(lang.t(key), tuple) else ""
            depth = 0
            for ch in text:
                depth += {"(": 1, ")": -1}.get(ch, 0)
                assert depth <= 1, f"{code}: {key}: nested brackets in {text!r}"


def test_every_catalogue_text_keeps_its_placeholders_when_formatted() -> None:
    for code in LANGUAGES:
        lang = Language(code)
        for key in keys():
            names = placeholders(lang.t(key))
            assert lang.t(key, **{n: "X" for n in names}).count("{") == lang.t(key).count("{{"), (code, key)
