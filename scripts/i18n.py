"""Translation catalogues (locales/): import a text module, extract, update, compile, check, list fuzzy entries.

    python -m scripts.i18n import core/strings/sec.py   move a module's keys into the catalogues, delete it
    python -m scripts.i18n extract                      write locales/messages.pot (the template) from en + code
    python -m scripts.i18n update                       bring ru and kk in line with en (new, changed, removed)
    python -m scripts.i18n compile                      write the .mo files the app reads
    python -m scripts.i18n check                        fail on missing translations or dropped placeholders
    python -m scripts.i18n fuzzy [kk]                   the entries marked for a translator to check

Each entry: msgctxt = the key the code uses (t("cmp_title")), msgid = the English text (locales/en is the
source), msgstr = the text in the catalogue's language. See README, "Languages".
"""

from __future__ import annotations

import argparse
import ast
import io
import runpy
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import denormalize, read_po, write_po

from core.i18n import DOMAIN, LOCALES_DIR, SOURCE, placeholders

ROOT = LOCALES_DIR.parent
TRANSLATED = ("ru", "kk")
LANGS = (SOURCE, *TRANSLATED)
STRINGS_DIR = ROOT / "core" / "strings"
LOCALES = LOCALES_DIR  # the catalogues this script works on (tests point it at a copy)
# Calls whose first argument is a message key: lang.t("key"), lang.plural("key", n), t("key", lang)
KEYWORDS = {"t", "plural", "has"}
SKIP_DIRS = {".venv", "node_modules", "tests", "locales", ".git", "bench", "data", "static"}
DRAFT_NOTE = "Draft copied from the Russian: translate into Kazakh, then clear the fuzzy flag."
BRACE_FLAG = "python-brace-format"
HEADER = (
    "# Hub Reform Monitor: interface text ({language}).\n"
    "# msgctxt is the key the code asks for; msgid the English source (locales/en); msgstr the {language} text.\n"
    "# Edit with Poedit or Weblate; run `python -m scripts.i18n update` after changing the English.\n#"
)
LANGUAGE_NAMES = {"en": "English source", "ru": "Russian", "kk": "Kazakh"}


# ---- reading and writing -------------------------------------------------------------------------------------

def po_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(code: str) -> Catalog:
    path = po_path(code)
    if not path.exists():
        return new_catalog(code)
    with path.open("rb") as f:
        catalog = read_po(f, locale=code, domain=DOMAIN)
    for message in entries(catalog):
        _previous_from_comments(message)
    return catalog


def _previous_from_comments(message: Message) -> None:
    """Babel's reader files the `#| msgid "..."` lines of an entry with a msgctxt as translator comments: put
    them back as the previous msgid, which is what they are."""
    lines = [c[2:] for c in message.user_comments if c.startswith("| ")]
    if not lines:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("| ")]
    parts: dict[str, list[str]] = {"msgid": [], "msgid_plural": []}
    current = "msgid"
    for line in lines:
        for name in ("msgid_plural", "msgid"):
            if line.startswith(name + " "):
                current, line = name, line[len(name) + 1:]
                break
        parts[current].append(line)
    message.previous_id = [denormalize("\n".join(part)) for part in parts.values() if part]


def new_catalog(code: str) -> Catalog:
    return Catalog(locale=code, domain=DOMAIN, project="Hub Reform Monitor", version="1",
                   copyright_holder="Astana Civil Service Hub", language_team=LANGUAGE_NAMES[code],
                   header_comment=HEADER.format(language=LANGUAGE_NAMES[code]), fuzzy=False)


def render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=110, include_previous=True, include_lineno=False)
    return buffer.getvalue()


def save(code: str, catalog: Catalog) -> None:
    path = po_path(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.revision_date = datetime.now(UTC)
    catalog.fuzzy = False
    path.write_bytes(render(catalog))


def entries(catalog: Catalog) -> Iterator[Message]:
    """The messages of a catalogue, header left out."""
    return (m for m in catalog if m.id)


def by_key(catalog: Catalog) -> dict[str, Message]:
    return {m.context: m for m in entries(catalog)}


def forms(text: str | tuple | list) -> tuple[str, ...]:
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


def _flags(text: str | tuple) -> list[str]:
    return [BRACE_FLAG] if any(placeholders(f) for f in forms(text)) else []


# ---- import a key -> (English, Russian[, Kazakh]) module -------------------------------------------------------

def import_module(path: Path, delete: bool = True) -> list[str]:
    """Move the STRINGS of a text module (key -> (English, Russian) or (English, Russian, Kazakh); a text may be a
    tuple of plural forms) into the catalogues. Without Kazakh, kk gets the Russian as a fuzzy draft. Returns
    the keys added; a key already there with other English text stops the import before anything is written."""
    strings: dict[str, tuple] = runpy.run_path(str(path))["STRINGS"]
    cats = {code: load(code) for code in LANGS}
    index = {code: by_key(cat) for code, cat in cats.items()}
    for key, texts in strings.items():
        found = index[SOURCE].get(key)
        if found is not None and found.id != _source_id(texts[0]):
            raise SystemExit(f"{path}: {key!r} is already in the catalogue with other English text: "
                             f"{found.id!r}; rename the key or change the text in locales/en")
    added = []
    for key, texts in strings.items():
        if key in index[SOURCE]:
            continue
        english, russian = texts[0], texts[1]
        kazakh = texts[2] if len(texts) > 2 else None
        msgid = _source_id(english)
        cats[SOURCE].add(msgid, _english_string(english), context=key, flags=_flags(english))
        cats["ru"].add(msgid, _plural_string(russian, cats["ru"]), context=key, flags=_flags(english))
        if kazakh is None:
            cats["kk"].add(msgid, _plural_string(russian, cats["kk"]), context=key, flags=["fuzzy", *_flags(english)],
                           user_comments=[DRAFT_NOTE])
        else:
            cats["kk"].add(msgid, _plural_string(kazakh, cats["kk"]), context=key, flags=_flags(english))
        added.append(key)
    for code, cat in cats.items():
        save(code, cat)
    if delete:
        path.unlink()
    return added


def _source_id(english: str | tuple) -> str | tuple[str, str]:
    """The msgid of an English text: a str, or (singular, plural) for a text with plural forms."""
    found = forms(english)
    return found[0] if len(found) == 1 else (found[0], found[-1])


def _english_string(english: str | tuple) -> str | tuple[str, str]:
    return _source_id(english)


def _plural_string(text: str | tuple, catalog: Catalog) -> str | tuple[str, ...]:
    found = forms(text)
    if len(found) == 1:
        return found[0]
    n = catalog.num_plurals
    return tuple(found[:n]) + (found[-1],) * max(0, n - len(found))


def set_translations(code: str, texts: dict[str, str | tuple], fuzzy: bool = False) -> None:
    """Set the `code` text of existing keys (a translator's delivery); clears or sets the fuzzy flag."""
    cat = load(code)
    index = by_key(cat)
    unknown = sorted(set(texts) - set(index))
    if unknown:
        raise SystemExit(f"keys not in the catalogue: {unknown}")
    for key, text in texts.items():
        message = index[key]
        message.string = _plural_string(text, cat) if isinstance(message.id, tuple) else forms(text)[0]
        message.flags.discard("fuzzy")
        message.user_comments = [c for c in message.user_comments if c != DRAFT_NOTE]
        message.previous_id = ()
        if fuzzy:
            message.flags.add("fuzzy")
    save(code, cat)


# ---- extract, update, compile --------------------------------------------------------------------------------

def used_keys(root: Path = ROOT) -> dict[str, list[tuple[str, int]]]:
    """Message keys named literally in the code (lang.t("key"), t("key", lang), lang.plural("key", n), both
    branches of t("a" if x else "b")), with where; keys made at run time (f"cmp_cov_{status}") are not seen."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(root.rglob("*.py")):
        if SKIP_DIRS & set(path.relative_to(root).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name not in KEYWORDS:
                continue
            for key in _literals(node.args[0]):
                found.setdefault(key, []).append((str(path.relative_to(root)), node.lineno))
    return found


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def extract() -> tuple[list[str], list[str]]:
    """Write the template (locales/messages.pot: every key with its English text and where the code uses it).
    Returns (keys the code uses that the catalogue lacks, catalogue keys no code names literally)."""
    en = load(SOURCE)
    used = used_keys()
    template = new_catalog(SOURCE)
    template.locale = None
    for message in entries(en):
        template.add(message.id, "", context=message.context, flags=message.flags - {"fuzzy"},
                     auto_comments=message.auto_comments,
                     locations=[(f, None) for f in sorted({f for f, _ in used.get(message.context, [])})])
    (LOCALES / f"{DOMAIN}.pot").write_bytes(render(template))
    keys = by_key(en)
    return sorted(set(used) - set(keys)), sorted(set(keys) - set(used))


def update() -> dict[str, dict[str, int]]:
    """Bring every catalogue in line with the English source: en's msgstr repeats its msgid; ru and kk get new
    keys (empty), keys whose English changed (kept, marked fuzzy, the old English kept as the previous msgid for
    the translator to compare), and keys gone from en (kept as obsolete entries)."""
    en = load(SOURCE)
    used = used_keys()
    for message in entries(en):
        message.string = message.id
        message.flags = {f for f in message.flags if f != "fuzzy"} | set(_flags(message.id))
        message.locations = [(f, None) for f in sorted({f for f, _ in used.get(message.context, [])})]
    save(SOURCE, en)
    counts = {}
    for code in TRANSLATED:
        old = load(code)
        index = by_key(old)
        fresh = new_catalog(code)
        fresh.header_comment = old.header_comment
        added = changed = 0
        for source in entries(en):
            have = index.pop(source.context, None)
            if have is None:
                string = ("",) * fresh.num_plurals if isinstance(source.id, tuple) else ""
                fresh.add(source.id, string, context=source.context, locations=source.locations,
                          flags=_flags(source.id), auto_comments=source.auto_comments)
                added += 1
                continue
            string = _reshape(have.string, source.id, fresh)
            flags = set(have.flags) - {BRACE_FLAG} | set(_flags(source.id))
            previous = have.previous_id
            if have.id != source.id:
                flags.add("fuzzy")
                previous = have.id
                changed += 1
            fresh.add(source.id, string, context=source.context, locations=source.locations, flags=flags,
                      auto_comments=source.auto_comments, user_comments=have.user_comments, previous_id=previous)
        for gone in index.values():
            fresh.obsolete[(gone.id, gone.context)] = gone
        save(code, fresh)
        counts[code] = {"added": added, "changed": changed, "obsolete": len(index)}
    return counts


def _reshape(string: str | tuple, msgid: str | tuple, catalog: Catalog) -> str | tuple:
    """A translation fitted to the entry's shape: plural forms for a plural msgid, one text otherwise."""
    found = forms(string)
    if isinstance(msgid, tuple):
        return _plural_string(found, catalog) if len(found) > 1 else (found[0],) * catalog.num_plurals
    return found[0] if len(found) == 1 else found[-1]


def compile_all() -> list[Path]:
    """The .mo files the app reads (fuzzy entries included: shown, and flagged for a translator in the .po)."""
    written = []
    for code in LANGS:
        catalog = load(code)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=True)
        path = po_path(code).with_suffix(".mo")
        path.write_bytes(buffer.getvalue())
        written.append(path)
    return written


# ---- check ---------------------------------------------------------------------------------------------------

def check() -> list[str]:
    """Every fault that must not ship: a text module not yet imported, a key without text in some language, a
    translation that drops or invents a placeholder or breaks its braces, plural forms in the wrong number,
    English msgstr out of step with its msgid, and keys the code names that the catalogue lacks."""
    modules = [p for p in sorted(STRINGS_DIR.glob("*.py")) if p.name != "__init__.py"] if STRINGS_DIR.exists() else []
    faults = [f"{_shown(p)}: text module not in the catalogues yet; run `python -m scripts.i18n import {_shown(p)}`"
              for p in modules]
    en = by_key(load(SOURCE))
    for key, message in en.items():
        if not all(f.strip() for f in forms(message.id)):
            faults.append(f"en: {key}: empty English text")
        if forms(message.string) != forms(message.id):
            faults.append(f"en: {key}: msgstr differs from msgid; run `python -m scripts.i18n update`")
        faults += _brace_faults("en", key, forms(message.id))
    for code in TRANSLATED:
        catalog = load(code)
        index = by_key(catalog)
        for key in sorted(set(en) - set(index)):
            faults.append(f"{code}: {key}: missing; run `python -m scripts.i18n update`, then translate")
        for key, message in index.items():
            if key not in en:
                faults.append(f"{code}: {key}: not in the English source (run update)")
                continue
            source = en[key]
            if message.id != source.id:
                faults.append(f"{code}: {key}: English text differs from locales/en (run update)")
            texts = forms(message.string)
            if isinstance(source.id, tuple) and len(texts) != catalog.num_plurals:
                faults.append(f"{code}: {key}: {len(texts)} plural forms, the language has {catalog.num_plurals}")
            if not all(t.strip() for t in texts):
                faults.append(f"{code}: {key}: no translation")
                continue
            wanted = set().union(*(placeholders(f) for f in forms(source.id)))
            for text in texts:
                have = placeholders(text)
                if have != wanted:
                    lost, extra = sorted(wanted - have), sorted(have - wanted)
                    faults.append(f"{code}: {key}: placeholders differ from the English"
                                  + (f"; dropped {lost}" if lost else "") + (f"; unknown {extra}" if extra else ""))
            faults += _brace_faults(code, key, texts)
    missing = sorted(set(used_keys()) - set(en))
    faults += [f"code: {key}: used in the code but not in locales/en" for key in missing]
    return faults


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _brace_faults(code: str, key: str, texts: Iterable[str]) -> list[str]:
    out = []
    for text in texts:
        try:
            text.format(**{name: "" for name in placeholders(text)})
        except (ValueError, IndexError, KeyError) as error:
            out.append(f"{code}: {key}: braces do not parse ({error}); write a literal brace as {{{{ or }}}}")
    return out


def fuzzy(code: str | None = None) -> list[tuple[str, str, str, str]]:
    """(language, key, English, text) of every entry marked fuzzy: for a translator to check."""
    out = []
    for lang in [code] if code else TRANSLATED:
        for message in entries(load(lang)):
            if message.fuzzy:
                out.append((lang, message.context, forms(message.id)[0], forms(message.string)[0]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.i18n", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("import", help="move text modules (key -> (English, Russian)) into the catalogues")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--keep", action="store_true", help="do not delete the module afterwards")
    sub.add_parser("extract", help="write locales/messages.pot")
    sub.add_parser("update", help="bring ru and kk in line with the English source")
    sub.add_parser("compile", help="write the .mo files")
    sub.add_parser("check", help="fail on missing translations, dropped placeholders, unknown keys")
    p = sub.add_parser("fuzzy", help="list entries marked fuzzy")
    p.add_argument("lang", nargs="?", choices=TRANSLATED)
    args = parser.parse_args(argv)
    if args.command == "import":
        for path in args.files:
            added = import_module(path, delete=not args.keep)
            print(f"{path}: {len(added)} keys added (kk: Russian drafts marked fuzzy where no Kazakh was given)")
        update()
        compile_all()
        print("Now remove the module's import from core/i18n.py if a merge brought one, and translate the "
              "fuzzy Kazakh entries (python -m scripts.i18n fuzzy kk).")
    elif args.command == "extract":
        missing, unnamed = extract()
        print(f"wrote locales/{DOMAIN}.pot; {len(unnamed)} keys are not named literally in the code "
              "(built at run time, or unused)")
        for key in missing:
            print(f"used in the code but not in locales/en: {key}", file=sys.stderr)
        return 1 if missing else 0
    elif args.command == "update":
        for code, counts in update().items():
            print(f"{code}: {counts['added']} new, {counts['changed']} changed English (marked fuzzy), "
                  f"{counts['obsolete']} obsolete")
        compile_all()
    elif args.command == "compile":
        for path in compile_all():
            print(f"wrote {path}")
    elif args.command == "check":
        faults = check()
        for fault in faults:
            print(fault, file=sys.stderr)
        left = fuzzy()
        print(f"{len(faults)} faults; {len(left)} entries marked fuzzy for a translator to check")
        return 1 if faults else 0
    elif args.command == "fuzzy":
        for lang, key, english, text in fuzzy(args.lang):
            print(f"{lang}\t{key}\t{english}\t{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
