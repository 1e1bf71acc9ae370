"""Recipes: a publisher's dataset (or a saved upload mapping) described as a YAML file, and the loader that
checks one, naming the file, key path and line of every fault."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import Problem, ValidationError
from core.settings import ROOT, settings

RECIPES_DIR = ROOT / "data" / "recipes"
LAYOUTS = ("long", "wide_years", "wide_indicators", "transposed", "sdmx")
FIELDS = ("value", "std_error", "lower", "upper", "n_sources")
CODE_SYSTEMS = ("iso3", "iso2", "m49", "worldbank", "names")
EDITION_FROM = ("fixed", "file", "sheet", "title", "footer", "column", "year", "structure", "ask")

# The recipe format: key -> type, or a nested spec. "str|list" means either; "*" a mapping of any keys; {"*": spec}
# a mapping of any keys whose values each follow spec.
# Borrowed from Frictionless Table Schema: missingValues; header rows as `header.rows`.
_TEXT = "str"
_LANG = {"en": _TEXT, "ru": _TEXT, "kk": _TEXT}
_TARGET = {"field": _TEXT, "suffix": _TEXT, "indicator": _TEXT}
_VALUE_RULE = {"header": "str|list", "match": _TEXT, "indicator": _TEXT, "suffix": _TEXT, "field": _TEXT,
               "year": _TEXT, "also": [_TARGET]}
_BREAKDOWN = {"column": _TEXT, "match": _TEXT, "except": [_TEXT], "total": "str|list", "codes": "list|dict",
              "optional": "bool", "name": _TEXT}
_INDICATOR = {"name": _LANG, "definition": _LANG, "unit": _TEXT, "scale": "list", "higher_is_better": "bool",
              "theme": _TEXT, "decimals": "int"}
_TABLE = {
    "sheets": _TEXT, "header": {"row": "int", "rows": "int", "skip": "int"}, "transpose": "bool",
    "country": {"column": "str|list", "name": "str|list", "codes": _TEXT, "fixed": _TEXT},
    "year": {"column": "str|list", "fixed": "int", "from": _TEXT, "pattern": _TEXT},
    "indicator": {"column": "str|list", "columns": [_TEXT], "fixed": _TEXT, "from": _TEXT, "pattern": _TEXT,
                  "format": _TEXT, "case": _TEXT, "codes": "*", "name": "str|list", "declare": "bool",
                  "lookup": {"file": _TEXT, "key": _TEXT, "code": _TEXT, "name": _TEXT}},
    "parts": "*",
    "values": [_VALUE_RULE],
    "breakdowns": {"*": _BREAKDOWN},
    "flags": [_TEXT],
    "footer": [_TEXT],
    "skip_rows": {"column": _TEXT, "match": _TEXT},
}
SPEC: dict[str, Any] = {
    "dataset": _TEXT, "title": _LANG, "description": _LANG, "publisher": _TEXT, "licence": _TEXT,
    "citation": _TEXT, "url": _TEXT,
    "edition": "str|dict",
    "recognise": {"columns": "list", "sheet": _TEXT, "file": _TEXT, "values": "*", "structure": _TEXT,
                  "not_sheet": _TEXT},
    "layout": _TEXT,
    **_TABLE,
    "tables": [_TABLE],
    "missingValues": [_TEXT],
    "indicators": {"*": _INDICATOR},
    "saved": {"by": _TEXT, "at": _TEXT, "file": _TEXT},  # a mapping saved from the upload page: who, when, from
    # code ending -> what differs for those indicators (ranks beside values): unit, scale, direction, decimals,
    # and names made from the value's name ({name}); e.g. ".rank": {unit: rank, name: {en: "{name}: rank"}}
    "suffixes": "*",
    "defaults": {"unit": _TEXT, "theme": _TEXT, "higher_is_better": "bool", "scale": "list", "decimals": "int"},
}
_EDITION = {"fixed": _TEXT, "from": _TEXT, "pattern": _TEXT, "format": _TEXT, "column": _TEXT, "add": "int",
            "otherwise": "str|dict"}
DATASET_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class Recipe:
    """A checked recipe: the YAML mapping as loaded, where it came from, and the line of each key path."""

    name: str  # the file stem: `etl load --recipe NAME`
    path: Path | None
    data: dict
    lines: dict[str, int | None] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def dataset(self) -> str:
        return self.data["dataset"]

    @property
    def layout(self) -> str:
        return self.data.get("layout", "long")

    def title(self, lang: str = "en") -> str:
        title = self.data.get("title") or {}
        return title.get(lang) or title.get("en") or self.dataset

    def tables(self) -> list[dict]:
        """The tables the recipe reads: the top-level one, then `tables:` entries (each inheriting the top)."""
        top = {k: v for k, v in self.data.items() if k in _TABLE}
        return [top] + [{**top, **extra} for extra in self.data.get("tables", [])]

    def line(self, *path: str | int) -> int | None:
        return self.lines.get("/".join(map(str, path)))

    def fault(self, message: str, *path: str | int, hint: str = "", value: object = None) -> Problem:
        """A problem located in the recipe file (its key path as the column, its line as the row)."""
        return Problem(message, file=self.path.name if self.path else self.name, row=self.line(*path),
                       column=".".join(map(str, path)) or None, value=value,
                       hint=hint or "fix the recipe file (see the recipe format in the README)")


def recipe_from(data: dict, name: str) -> Recipe:
    """A recipe from a mapping of keys (a saved upload mapping), checked like a recipe file: its YAML node tree is
    built from the values (not written out as text and parsed back), and the values are the recipe's as they are.
    Its faults have no line to point at."""
    return _checked(_node(data), data, name, None)


_REPRESENTER = yaml.representer.SafeRepresenter()  # only its scalar representers are called: it keeps no state
_SCALARS = {kind: _REPRESENTER.yaml_representers[kind] for kind in (int, float, bool, type(None))}


def _node(value: object) -> yaml.Node:
    """The node the safe dumper makes for a plain value (dict, list, str, int, float, bool or None), built directly,
    with no start mark. Other values are refused (a recipe made from values has no use for them): the dumper
    cannot write most (subclasses of these included), and a tuple it writes is read back as a list."""
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode("tag:yaml.org,2002:str", value)
    if kind is dict:
        return yaml.MappingNode("tag:yaml.org,2002:map", [(_node(k), _node(v)) for k, v in value.items()])
    if kind is list:
        return yaml.SequenceNode("tag:yaml.org,2002:seq", [_node(v) for v in value])
    if kind in _SCALARS:
        return _SCALARS[kind](_REPRESENTER, value)
    raise TypeError(f"a recipe made from values holds dicts, lists, texts, numbers, true/false and nulls, "
                    f"not {kind.__name__}: {value!r}")


def save_recipe(data: dict, name: str) -> Path:
    """Check `data` as a recipe and keep it as $HUB_DATA_DIR/recipes/NAME.yaml (a saved upload mapping)."""
    if not DATASET_CODE.match(name):
        raise ValidationError("Recipe name", [Problem("a recipe name is lower-case letters, digits, '.', '_' or '-'",
                                                      value=name)])
    recipe_from(data, name)
    folder = settings().data_dir / "recipes"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def load_recipe(path: Path) -> Recipe:
    """Read and check one recipe file; ValidationError lists every fault with its key path and line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return parse_recipe(text, path.stem, path)


def parse_recipe(text: str, name: str, path: Path | None = None) -> Recipe:
    file = path.name if path else name
    loader = _LOADER(text)
    try:  # one parse: the node tree (with line numbers) for the checks, then the values built from it
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise ValidationError("Recipe file is not valid YAML", [Problem(
            f"{getattr(e, 'problem', None) or e}", file=file, row=mark.line + 1 if mark else None,
            hint="check the indentation and the quotes around values with ':' or '#'")]) from None
    finally:
        loader.dispose()
    return _checked(node, data, name, path)


def _checked(node: yaml.Node | None, data: object, name: str, path: Path | None) -> Recipe:
    """The recipe whose YAML node tree is `node` and values `data`, checked (ValidationError with every fault)."""
    file = path.name if path else name
    if not isinstance(data, dict) or node is None:
        raise ValidationError("Recipe file is not a mapping", [Problem(
            "a recipe is a YAML mapping of keys (dataset, title, recognise, layout, ...)", file=file, row=1)])
    lines: dict[str, int | None] = {}
    problems: list[Problem] = []
    _walk(node, SPEC, "", lines, problems, file)
    recipe = Recipe(name=name, path=path, data=data, lines=lines)
    if not problems:  # the checks below take the shapes the walk checked
        problems += _semantics(recipe)
    if problems:
        raise ValidationError(f"Recipe {file}: {len(problems)} fault(s)", problems)
    return recipe


def _walk(node: yaml.Node, spec: Any, path: str, lines: dict[str, int | None], problems: list[Problem],
          file: str) -> None:
    lines[path] = _line(node)
    if spec == "*":
        if not isinstance(node, yaml.MappingNode):
            problems.append(_type_fault(node, path, "a mapping", file))
            return
        for key, value in node.value:
            _walk(value, "any", f"{path}/{key.value}" if path else key.value, lines, problems, file)
        return
    if spec == "any":
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                _walk(value, "any", f"{path}/{key.value}", lines, problems, file)
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                _walk(value, "any", f"{path}/{i}", lines, problems, file)
        return
    if isinstance(spec, dict):
        if not isinstance(node, yaml.MappingNode):
            problems.append(_type_fault(node, path, "a mapping of keys", file))
            return
        if "*" in spec:  # any keys, each value as spec["*"] says
            for key, value in node.value:
                _walk(value, spec["*"], f"{path}/{key.value}", lines, problems, file)
            return
        for key, value in node.value:
            name = key.value
            where = f"{path}/{name}" if path else name
            if name not in spec:
                close = _closest(name, spec)
                problems.append(Problem(
                    f"unknown key '{name}'", file=file, row=_line(key), column=where.replace("/", "."),
                    value=name, hint=(f"did you mean '{close}'? " if close else "") + "known keys here: "
                    + ", ".join(spec)))
                continue
            _walk(value, spec[name], where, lines, problems, file)
        return
    if isinstance(spec, list):
        if not isinstance(node, yaml.SequenceNode):
            problems.append(_type_fault(node, path, "a list", file))
            return
        for i, value in enumerate(node.value):
            _walk(value, spec[0], f"{path}/{i}", lines, problems, file)
        return
    kinds = spec.split("|")
    ok = (("str" in kinds or "int" in kinds or "bool" in kinds) and isinstance(node, yaml.ScalarNode)) or \
        (("list" in kinds) and isinstance(node, yaml.SequenceNode)) or \
        (("dict" in kinds) and isinstance(node, yaml.MappingNode))
    if ok and isinstance(node, yaml.ScalarNode) and kinds == ["int"] and not re.fullmatch(r"-?\d+", node.value):
        ok = False
    if ok and isinstance(node, yaml.ScalarNode) and kinds == ["bool"] and node.value.lower() not in (
            "true", "false", "yes", "no"):
        ok = False
    if not ok:
        problems.append(_type_fault(node, path, " or ".join({"str": "a text", "int": "a whole number",
                                                              "bool": "true or false", "list": "a list",
                                                              "dict": "a mapping"}[k] for k in kinds), file))
        return
    if isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _walk(value, "any", f"{path}/{i}", lines, problems, file)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(value, "any", f"{path}/{key.value}", lines, problems, file)


def _line(node: yaml.Node) -> int | None:
    """The line of the recipe file a node starts on (none for a recipe made from values)."""
    return node.start_mark.line + 1 if node.start_mark else None


def _type_fault(node: yaml.Node, path: str, wanted: str, file: str) -> Problem:
    shown = node.value if isinstance(node, yaml.ScalarNode) else type(node).__name__.replace("Node", "").lower()
    return Problem(f"'{path.replace('/', '.')}' must be {wanted}", file=file, row=_line(node),
                   column=path.replace("/", "."), value=shown, hint="see the recipe format in the README")


def _closest(name: str, spec: dict) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, list(spec), n=1, cutoff=0.6)
    return found[0] if found else None


def _semantics(r: Recipe) -> list[Problem]:
    """What the types alone cannot say: required keys, known words, regular expressions that compile."""
    out = []
    if "dataset" not in r.data:
        out.append(r.fault("the recipe needs 'dataset' (a short code such as wgi)"))
    elif not DATASET_CODE.match(str(r.data["dataset"])):
        out.append(r.fault("the dataset code must be lower-case letters, digits, '.', '_' or '-'", "dataset",
                           value=r.data["dataset"]))
    if r.layout not in LAYOUTS:
        out.append(r.fault(f"unknown layout; known: {', '.join(LAYOUTS)}", "layout", value=r.layout))
    if not (r.data.get("recognise") or {}).get("columns") and "structure" not in (r.data.get("recognise") or {}):
        out.append(r.fault("say how a file is recognised: recognise.columns lists header texts it must have",
                           "recognise"))
    for i, table in enumerate([r.tables()[0], *(r.data.get("tables") or [])]):  # a table's own keys: the top's once
        base = () if i == 0 else ("tables", i - 1)
        codes = (table.get("country") or {}).get("codes", "iso3")
        if codes not in CODE_SYSTEMS:
            out.append(r.fault(f"unknown country code system; known: {', '.join(CODE_SYSTEMS)}",
                               *base, "country", "codes", value=codes))
        for j, rule in enumerate(table.get("values") or []):
            if rule.get("field", "value") not in FIELDS:
                out.append(r.fault(f"unknown field; known: {', '.join(FIELDS)}", *base, "values", j, "field",
                                   value=rule.get("field")))
            if "header" not in rule and "match" not in rule:
                out.append(r.fault("a value rule needs 'header' (the column's header) or 'match' (a pattern)",
                                   *base, "values", j))
            out += _regex(r, rule.get("match"), *base, "values", j, "match")
        out += _regex(r, (table.get("indicator") or {}).get("pattern"), *base, "indicator", "pattern")
        out += _regex(r, (table.get("year") or {}).get("pattern"), *base, "year", "pattern")
        for dim, spec in (table.get("breakdowns") or {}).items():
            out += _regex(r, spec.get("match"), *base, "breakdowns", dim, "match")
    edition = r.data.get("edition")
    if isinstance(edition, dict):
        for key in sorted(set(edition) - set(_EDITION)):
            out.append(r.fault(f"unknown key '{key}'; known keys here: {', '.join(_EDITION)}", "edition", key,
                               value=key))
        sources = edition.get("from", "fixed")
        if not isinstance(sources, str | list):
            out.append(r.fault("'edition.from' must be a text or a list", "edition", "from", value=sources))
            sources = []
        for source in [sources] if isinstance(sources, str) else sources:
            if source not in EDITION_FROM:
                out.append(r.fault(f"unknown edition source; known: {', '.join(EDITION_FROM)}", "edition", "from",
                                   value=source))
        out += _regex(r, edition.get("pattern"), "edition", "pattern")
    return out


def _regex(r: Recipe, pattern: str | None, *path: str | int) -> list[Problem]:
    if pattern is None:
        return []
    if not isinstance(pattern, str):
        return [r.fault("a regular expression is a text", *path, value=pattern)]
    try:
        re.compile(pattern)
    except re.error as e:
        return [r.fault(f"not a valid regular expression ({e})", *path, value=pattern)]
    return []


def recipe_folders() -> list[Path]:
    """Publisher recipes shipped in data/recipes/, then saved mappings in the store's folder."""
    return [RECIPES_DIR, settings().data_dir / "recipes"]


@cache
def _load_cached(path: Path, mtime: float) -> Recipe:
    return load_recipe(path)


def all_recipes() -> dict[str, Recipe]:
    """Every recipe by name; a recipe file with a fault raises ValidationError naming it."""
    found: dict[str, Recipe] = {}
    for folder in recipe_folders():
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found.setdefault(path.stem, _load_cached(path, path.stat().st_mtime))
    return found


def find_recipe(name: str) -> Recipe:
    """A recipe by name, or by path to a YAML file."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return load_recipe(path)
    recipes = all_recipes()
    if name not in recipes:
        raise ValidationError("Unknown recipe", [Problem(
            f"no recipe is called {name!r}; known: {', '.join(sorted(recipes))}",
            hint="list them with: python -m etl sources, or give the path of a .yaml file")])
    return recipes[name]
