"""The command line (`python -m etl`): an interface over operations/, as the pages are: parse, call, print."""

from __future__ import annotations

import argparse
import csv
import getpass
import sys
import time
import traceback
from pathlib import Path

from core.errors import ValidationError
from core.i18n import CLI, LANGUAGES, Language
from core.settings import settings

LANG_HELP = "language of messages: kk, ru or en (default: HUB_LANG, else LANG, else en)"
ROLES = ("viewer", "editor", "admin")  # accounts.users.ROLES (a test checks they agree)
# The examples after --help (a text file: they include queries, and SQL is not spelled in Python)
EXAMPLES = Path(__file__).with_name("cli_examples.txt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m etl", description="Hub Reform Monitor data store.",
        epilog="\n" + EXAMPLES.read_text(encoding="utf-8"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS, help=LANG_HELP)
    parser.add_argument("--lang", choices=list(LANGUAGES), default=None, help=LANG_HELP)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser = _with_parents(sub.add_parser, [language])  # --lang after the command works too
    p = sub.add_parser("init", help="build the default store from the starter pack if missing; else bring its "
                                    "schema and reference data up to date")
    p.add_argument("--empty", action="store_true", help="a new store gets reference data only, no starter pack")
    p = sub.add_parser("load", help="load a published or uploaded file as one batch")
    p.add_argument("file", type=Path)
    p.add_argument("--recipe", "--format", dest="recipe", metavar="RECIPE",
                   help="a recipe name (see `etl sources`), a recipe .yaml file, 'template', or a survey layout "
                   "(gsps, uk_csps, survey_respondent, survey_aggregate); recognised when not given")
    p.add_argument("--edition", help="the edition, when the file does not say it (e.g. 2024)")
    p.add_argument("--write-recipe", type=Path, metavar="R.yaml",
                   help="write a starting recipe for the file (to edit), instead of loading it")
    p.add_argument("--accept-guess", action="store_true",
                   help="a file no recipe fits: load it with the guessed mapping (printed without this option)")
    p.add_argument("--save-as", metavar="NAME", help="with --accept-guess: keep the mapping as the recipe NAME")
    p.add_argument("--user", help="who loads it (default: $HUB_USER or $USER)")
    p = sub.add_parser("recipes", help="saved mappings (recipes saved from the upload page): list, remove")
    recipes_sub = p.add_subparsers(dest="action", required=True)
    recipes_sub.add_parser("list", help="the saved mappings: name, title, who saved them and when")
    q = recipes_sub.add_parser("remove", help="delete a saved mapping")
    q.add_argument("name")
    sub.add_parser("batches", help="list load batches")
    p = sub.add_parser("rollback", help="roll a batch back")
    p.add_argument("batch", type=int)
    p.add_argument("--user", help="who rolls it back")
    sub.add_parser("check", help="data-quality report")
    sub.add_parser("demo", help="build or rebuild the DEMO store (in its own folder when the store in use holds "
                                "published data)")
    p = sub.add_parser("editions", help="a dataset's editions, and the values the newer one revised")
    p.add_argument("dataset", help="dataset code, e.g. wgi (python -m etl sources lists them)")
    p.add_argument("--old", help="the earlier edition (default: the one before --new)")
    p.add_argument("--new", help="the later edition (default: the current one)")
    p.add_argument("--limit", type=int, default=50, help="revised values listed (default 50; 0: all)")
    sub.add_parser("sources", help="list the recipes (publisher datasets read from files) and the editions loaded")
    p = sub.add_parser("sql", help="query the public tables and views (no respondent-level data), print CSV")
    p.add_argument("query")
    p = sub.add_parser("users", help="dashboard accounts: add, password, role, list, remove, unlock, log")
    user_sub = p.add_subparsers(dest="action", required=True)
    q = user_sub.add_parser("add", help="create an account or set a new password and role")
    q.add_argument("name")
    q.add_argument("--role", choices=ROLES, default="editor")
    q.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    q = user_sub.add_parser("password", help="a new password for an account (its role stays)")
    q.add_argument("name")
    q.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    q = user_sub.add_parser("role", help="another role for an account (its password stays)")
    q.add_argument("name")
    q.add_argument("role", choices=ROLES)
    user_sub.add_parser("list", help="list accounts and roles")
    q = user_sub.add_parser("remove", help="delete an account")
    q.add_argument("name")
    q = user_sub.add_parser("unlock", help="lift the lock-out of a name after too many failed sign-ins (logged)")
    q.add_argument("name")
    user_sub.add_parser("log", help="lock-outs and unlocks: when, which name, who")
    p = sub.add_parser("template", help="write the indicator-data template (xlsx)")
    p.add_argument("file", type=Path)
    p = sub.add_parser("backup", help="write the live data, the loaded originals and the accounts to one archive")
    p.add_argument("folder", type=Path)
    p = sub.add_parser("restore", help="bring a backup archive back as a new version (earlier versions stay)")
    p.add_argument("archive", type=Path)
    sub.add_parser("migrate", help="bring a store made by an earlier release to this release's schema, as a new "
                   "version (the dashboard does it too on opening such a store)")
    args = parser.parse_args(argv)
    # heavy modules are imported here, after --help has been answered (python -m etl --help stays fast)
    import duckdb

    from core.errors import HubError
    from store import Store

    args.lang = lang = Language(args.lang or settings().lang)
    store = Store()
    try:
        return COMMANDS[args.command](store, args)
    except ValidationError as e:
        print(lang.t("cli_error", message=lang.title(e.title)), file=sys.stderr)
        for problem in e.problems:
            print(f"  - {lang.problem_line(problem)}", file=sys.stderr)
        return 1
    except FileNotFoundError as e:
        print(lang.t("cli_error", message=lang.error(e)), file=sys.stderr)
        return 1
    except HubError as e:  # every refusal of an operation (a store, rollback, account, edition, backup, brief error)
        print(lang.t("cli_error", message=lang.error(e)), file=sys.stderr)
        for problem in e.problems:
            print(f"  - {lang.problem_line(problem)}", file=sys.stderr)
        return 1
    except duckdb.Error as e:
        print(lang.t("cli_db_error", error=e), file=sys.stderr)
        return 1
    except Exception as e:  # a bug: say so plainly, keep the traceback for whoever asks for it
        if settings().debug:
            traceback.print_exc()
        print(lang.t("cli_internal", error=f"{type(e).__name__}: {e}"), file=sys.stderr)
        return 3


def _with_parents(add_parser, parents: list[argparse.ArgumentParser]):
    """`add_parser` giving every subcommand the `parents` options (here: --lang)."""
    def add(name: str, **kwargs):
        return add_parser(name, parents=[*kwargs.pop("parents", []), *parents], **kwargs)
    return add


def _init(store, args) -> int:
    from operations import upkeep

    print(args.lang.message(upkeep.init(store, starter_pack=not args.empty), CLI))
    return 0


def _load(store, args) -> int:
    from operations import loads

    if args.write_recipe:
        loads.write_starting_recipe(args.file, args.write_recipe)
        print(f"Wrote {args.write_recipe}: a starting recipe for {args.file.name}. Check every value and fill in "
              f"the TODOs, then: python -m etl load {args.file} --recipe {args.write_recipe}")
        return 0
    start = time.perf_counter()

    def progress(stage: str) -> None:
        print(f"[{time.perf_counter() - start:5.1f}s] {stage}...", file=sys.stderr, flush=True)

    try:
        report = loads.load_file(args.file, recipe=args.recipe, edition=args.edition, user=args.user, store=store,
                                 progress=progress)
    except ValidationError as unknown:
        if args.recipe or unknown.title != "Unknown layout":
            raise
        return _guessed(store, args, unknown, progress)
    print("\n".join(report.lines(args.lang)))
    return 0


def _guessed(store, args, unknown: ValidationError, progress) -> int:
    """A file no recipe fits: the mapping guessed for it, printed as a recipe; loaded only with --accept-guess."""
    from operations import loads, recipes

    guess = loads.guess_mapping(args.file, edition=args.edition, store=store)
    if guess is None:
        raise unknown
    if not args.accept_guess:
        lang = args.lang
        print(lang.t("cli_error", message=lang.title(unknown.title)), file=sys.stderr)
        for problem in unknown.problems:
            print(f"  - {lang.problem_line(problem)}", file=sys.stderr)
        print("# " + lang.t("cli_guess_head", file=args.file.name))
        print(guess.recipe_text)
        print(lang.t("cli_guess_next", file=args.file), file=sys.stderr)
        return 1
    progress("loading with the guessed mapping")
    mapping = guess.mapping
    report = loads.load_file(args.file, mapping=mapping, user=args.user, store=store, progress=progress)
    print("\n".join(report.lines(args.lang)))
    if args.save_as:
        latest = int(mapping.source.edition) if mapping.source and mapping.source.edition.isdigit() else None
        path = recipes.save_mapping(mapping, args.save_as, user=args.user or settings().user, is_csv=guess.is_csv,
                                    file_name=args.file.name, latest_year=latest)
        print(f"Saved the mapping as {path}: python -m etl load NEXT_FILE --recipe {args.save_as}")
    return 0


def _recipes(store, args) -> int:
    from operations import recipes

    if args.action == "remove":
        print(f"Removed {recipes.remove_mapping(args.name)}.")
        return 0
    found = recipes.saved_mappings()
    for s in found:
        print(f"{s.name}\t{s.title}\tsaved by {s.by or '?'} at {s.at or '?'}\tfrom {s.file or '?'}")
    print(f"({len(found)} saved mapping(s) in $HUB_DATA_DIR/recipes/)", file=sys.stderr)
    return 0


def _batches(store, args) -> int:
    import pandas as pd

    from operations import batches

    frame = batches.batches_frame(batches.list_batches(store))
    frame = frame.sort_values("batch_id")[[
        "batch_id", "file_name", "kind", "source_id", "rows_added", "rows_replaced", "rows_unchanged", "user_name",
        "loaded_at", "status", "rolled_back_at", "rolled_back_by"]]
    for column in ("loaded_at", "rolled_back_at"):  # to the second, as the store records them
        frame[column] = [t.strftime("%Y-%m-%d %H:%M:%S") if not pd.isna(t) else None for t in frame[column]]
    _print_table(frame)
    return 0


def _rollback(store, args) -> int:
    from operations import batches

    done = batches.rollback_batch(args.batch, user=args.user or settings().user, store=store)
    print(args.lang.t("cli_rolled_back", batch=args.batch, removed=done.removed, restored=done.restored))
    return 0


def _check(store, args) -> int:
    from operations import upkeep

    for title, frame in upkeep.check(store).items():
        print(f"\n== {title}: {len(frame)} row(s)")
        if len(frame):
            _print_table(frame.head(50))
    return 0


def _demo(store, args) -> int:
    from operations import upkeep

    print(args.lang.message(upkeep.demo(store), CLI))
    return 0


def _editions(store, args) -> int:
    import pandas as pd

    from operations import recipes

    found = recipes.edition_changes(args.dataset, args.old, args.new, store=store)
    old, new, counts, changed = found.old, found.new, found.counts, found.changes
    _print_table(found.editions)
    print(f"\n{old} -> {new}: {counts['revised']:,} value(s) revised, {counts['unchanged']:,} unchanged, "
          f"{counts['only_new']:,} only in {new}, {counts['only_old']:,} only in {old}")
    if len(changed):
        shown = changed if args.limit <= 0 else changed.head(args.limit)
        print(f"revised values (old, new, difference = new - old), largest first"
              f"{'' if len(shown) == len(changed) else f'; the first {len(shown)} (--limit 0 lists all)'}:")
        exact = {c: shown[c].map(lambda x: "missing" if pd.isna(x) else repr(float(x)))  # as stored, not rounded
                 for c in ("old", "new", "difference")}
        _print_table(shown.assign(breakdown=shown["breakdown"].replace("", "(total)"), **exact))
    return 0


def _sources(store, args) -> int:
    """The recipes, and for each dataset the editions the store holds."""
    from operations import recipes

    found = recipes.list_sources(store)

    def editions(listed) -> str:
        return "; ".join(f"{e.edition} ({e.observations} obs{', current' if e.is_current else ''})" for e in listed)

    width = max(len(r.name) for r in found.recipes)
    for r in found.recipes:
        where = f"  [{r.path}]" if r.path and r.path.parent.name != "recipes" or (r.path and "store" in
                                                                                 str(r.path)) else ""
        by = f"  saved by {r.saved_by} at {r.saved_at}" if r.is_saved else ""
        print(f"{r.name:<{width}}  {r.dataset:<12} {r.layout:<16} {r.title} ({r.publisher}; {r.licence}){where}{by}")
        if r.editions:
            print(f"{'':<{width}}  loaded: {editions(r.editions)}")
    for dataset, listed in found.without_recipe.items():
        print(f"{'(no recipe)':<{width}}  {dataset:<12} loaded: {editions(listed)}")
    print(f"({len(found.recipes)} recipes; the files are in data/recipes/ and $HUB_DATA_DIR/recipes/; survey files "
          "(gsps, uk_csps) and the upload templates are read by their own readers)", file=sys.stderr)
    return 0


def _sql(store, args) -> int:
    """A query on an in-memory copy of the public tables: respondent-level survey data is not in it at all."""
    from operations import upkeep

    with upkeep.query(args.query, store) as result:
        if not result.columns:
            return 0
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        for chunk in result.chunks():
            writer.writerows(chunk)
    return 0


def _users(store, args) -> int:
    from operations import accounts

    if args.action == "list":
        found = accounts.list_accounts()
        for account in found:
            print(f"{account.name}\t{account.role}" + (f"\tlocked out since {account.locked_since_text}"
                                                       if account.locked_since else ""))
        print(args.lang.t("cli_accounts", n=len(found), file=accounts.accounts_file()), file=sys.stderr)
    elif args.action == "unlock":
        accounts.unlock_account(args.name, by=settings().user)
        print(f"Unlocked {args.name} (recorded in the sign-in log: python -m etl users log).")
    elif args.action == "log":
        for entry in accounts.sign_in_log():
            print(f"{entry.when}\t{entry.name}\t{entry.event}\t{entry.actor}\t{entry.detail}")
    elif args.action == "remove":
        accounts.remove_account(args.name)
        print(args.lang.t("cli_removed_user", name=args.name))
    elif args.action == "role":
        account = accounts.set_role(args.name, args.role)
        print(args.lang.t("cli_saved_user", name=account.name, role=account.role, file=accounts.accounts_file()))
    else:
        password, repeated = _password(args)
        if args.action == "password":
            account = accounts.set_password(args.name, password, repeated=repeated)
        else:
            account = accounts.add_account(args.name, password, args.role, repeated=repeated)
        print(args.lang.t("cli_saved_user", name=account.name, role=account.role, file=accounts.accounts_file()))
    return 0


def _password(args) -> tuple[str, str | None]:
    """The password from standard input (once), or asked for twice at the terminal."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), None
    return getpass.getpass(f"Password for {args.name}: "), getpass.getpass("Again: ")


def _template(store, args) -> int:
    from operations import loads

    args.file.write_bytes(loads.indicator_template(declared=False))
    print(args.lang.t("cli_wrote", file=args.file))
    return 0


def _backup(store, args) -> int:
    from operations import upkeep

    print("\n".join(upkeep.backup(args.folder, store).lines()))
    return 0


def _restore(store, args) -> int:
    from operations import upkeep

    print("\n".join(upkeep.restore(args.archive, store).lines()))
    return 0


def _migrate(store, args) -> int:
    from operations import upkeep

    done = upkeep.migrate(store)
    if not done.changed:
        print(f"The store in {done.folder} is at schema version {done.after}, this release's: nothing to migrate.")
        return 0
    print(f"Migrated the store in {done.folder} from schema version {done.before} to {done.after} "
          f"({', '.join(done.migrations)}) as version {done.version_file}; the version before it stays on disk "
          "beside it.")
    return 0


def _print_table(frame) -> None:
    import pandas as pd

    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200):
        print(frame.to_string(index=False) if len(frame) else "(none)")


COMMANDS = {
    "init": _init, "load": _load, "batches": _batches, "rollback": _rollback, "check": _check,
    "demo": _demo, "editions": _editions, "sources": _sources, "recipes": _recipes, "sql": _sql, "users": _users,
    "template": _template, "backup": _backup, "restore": _restore, "migrate": _migrate,
}
