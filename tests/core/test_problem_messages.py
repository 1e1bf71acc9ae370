"""Problems of uploads and loads are codes with parameters, said in the reader's language on screen and in the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import Problem
from core.i18n import HINT, PROBLEM, TITLE, Language, match, texts
from etl.setup_store import init_store
from etl.validate.review import review
from store import Store
from tests.conftest import ROOT
from tests.fixtures.make_bad_files import CASES, make_all

RU, KK = Language("ru"), Language("kk")
LATIN_WORDS = re.compile(r"\b[a-z]{4,}\b")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, list[Problem]]]:
    """(file, title, problems) of every file of the bad-file corpus, reviewed against a demo store."""
    folder = tmp_path_factory.mktemp("bad")
    make_all(folder)
    store = Store(tmp_path_factory.mktemp("store") / "store")
    init_store(store)
    return [(case.name, (r := review(folder / case.name, mapping=case.mapping, store=store)).title,
             r.errors + r.warnings) for case in CASES]


def english_phrases(key: str) -> list[str]:
    """The fixed text of an English template, in pieces long enough to be words rather than codes."""
    text = texts("en").sources[key]
    return [p.strip() for p in re.split(r"\{\w+\}", text) if len(p.strip()) >= 12]


def test_every_problem_of_the_bad_file_corpus_has_a_code_and_parameters(reviewed) -> None:
    assert len(reviewed) >= 40
    for name, title, problems in reviewed:
        assert not title or match(title, TITLE), f"{name}: title without a template: {title!r}"
        assert problems, name
        for p in problems:
            code, params = p.template()
            assert code, f"{name}: message without a template: {p.message!r}"
            assert p.code or texts("en").sources[PROBLEM + code].format(**params) == p.message
            assert not p.hint or p.code or match(p.hint, HINT), f"{name}: hint without a template: {p.hint!r}"


def test_problems_are_said_in_russian_and_kazakh_with_nothing_of_the_english_left(reviewed) -> None:
    for name, _title, problems in reviewed:
        for p in problems:
            for lang in (RU, KK):
                line = lang.problem_line(p)
                hint = (HINT + p.code if p.code else match(p.hint, HINT)[0]) if p.hint else ""
                for phrase in english_phrases(PROBLEM + p.template()[0]) + (english_phrases(hint) if hint else []):
                    assert phrase not in line, f"{name} ({lang}): English left in {line!r}"
            assert RU.problem(p) != p.message or not LATIN_WORDS.search(p.message), (name, p.message)


def test_numbers_inside_a_message_take_the_language_s_decimal_mark() -> None:
    p = Problem("the file is 61.2 MB, more than the limit of 50.0 MB", file="big.xlsx",
                hint="remove sheets or columns that are not needed, or ask an administrator to raise HUB_MAX_UPLOAD_MB")
    assert p.template() == ("too_large", {"size": "61.2", "limit": "50.0"})
    assert RU.problem(p) == "размер файла 61,2 МБ — больше допустимых 50,0 МБ"
    assert KK.problem_line(p).startswith("big.xlsx: файлдың көлемі 61,2 МБ")
    assert "HUB_MAX_UPLOAD_MB" in RU.hint(p)


def test_a_message_no_template_knows_stays_as_written() -> None:
    p = Problem("something only a new reader says", file="x.csv", row=3)
    assert p.template() == ("", {}) and RU.problem(p) == p.message
    assert RU.problem_line(p) == "x.csv, строка 3: something only a new reader says"


def test_the_command_line_speaks_the_language_it_is_given(store: Store, tmp_path: Path) -> None:
    init_store(store, starter_pack=False)
    bad = tmp_path / "scores.csv"
    bad.write_text("Country;Year;Score\nKazakhstan;2020;1\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HUB_DATA_DIR": str(store.dir)}
    run = [sys.executable, "-m", "etl"]
    kk = subprocess.run([*run, "--lang", "kk", "rollback", "999"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert kk.returncode == 1 and "Қате: 999 пакеті жоқ" in kk.stderr
    ru = subprocess.run([*run, "load", str(bad), "--lang", "ru"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert ru.returncode == 1 and "Ошибка: Неизвестный формат" in ru.stderr
    assert "ни один рецепт не подходит к этому файлу" in ru.stderr and "no recipe fits" not in ru.stderr
    by_env = subprocess.run([*run, "rollback", "999"], capture_output=True, text=True, cwd=ROOT,
                            env={**env, "HUB_LANG": "", "LANG": "ru_RU.UTF-8"})
    assert "Пакета 999 нет" in by_env.stderr
    assert LATIN_WORDS.search(kk.stderr.replace("python -m etl batches", "")) is None


def test_a_coded_problem_names_its_country_in_the_reader_s_language() -> None:
    from core.errors import coded

    p = coded("sv_country_guess", {"iso3": "KAZ", "country": "KAZ"}, file="results.csv", row=4, value="Kazakstan")
    assert p.hint == "did you mean Kazakhstan (KAZ)? write the country's name or ISO3 code"
    assert p.template() == ("sv_country_guess", {"iso3": "KAZ", "country": "KAZ"})
    assert RU.hint(p).startswith("возможно, имелось в виду: Казахстан (KAZ)?")
    assert KK.hint(p).startswith("мүмкін, Қазақстан (KAZ) деген шығарсыз?")
    assert KK.problem(p) == "ел танылмады" and "row" not in KK.problem_line(p)
