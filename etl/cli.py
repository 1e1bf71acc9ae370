"""The ETL command line: build the store, load files, list and roll back batches, check, query."""

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
EXAMPLES = """
examples:
  python -m etl init                                    build the default store from the starter pack (published data)
  python -m etl load ../shared/real-data/wgi/wgidataset_2024_update.xlsx
  python -m etl load export.csv --recipe databank       force a recipe instead of recognising one
  python -m etl load new_table.xlsx --write-recipe my_dataset.yaml   write a starting recipe to edit
  python -m etl load new_table.xlsx --recipe my_dataset.yaml         load with it
  python -m etl load ministry_table.xlsx                a file no recipe fits: prints the guessed mapping as a recipe
  python -m etl load ministry_table.xlsx --accept-guess --save-as ministry_staff   load it so, and keep the mapping
  python -m etl sources                                 the recipes: which publisher files are read, and how
  python -m etl recipes remove ministry_staff           remove a saved mapping
  python -m etl load ../shared/real-data/surveys/gsps_national_all_respondents.csv   survey results (GSPS)
  python -m etl sql "SELECT iso3, year, value, lower, upper FROM v_survey_results WHERE question_code = 'ENG1'"
  python -m etl batches                                 every load: file, rows, who, when, status
  python -m etl rollback 3                              undo batch 3, restoring the values it replaced
  python -m etl check                                   coverage, duplicates, values outside scale, outliers
  python -m etl demo                                    build the DEMO store (generated data, in a store of its own)
  python -m etl editions wgi                            values a later WGI edition revised (old, new, difference)
  python -m etl sql "SELECT iso3, year, value FROM v_observations WHERE indicator_code = 'wgi.ge'"
  python -m etl users add anna --role editor            create an account (the password is asked for)
  python -m etl users unlock anna                       lift a lock-out after too many failed sign-ins (logged)
  python -m etl template national_template.xlsx         write the national indicator-data template
  python -m etl backup /mnt/backups                     the live data, loaded originals and accounts in one archive
  python -m etl restore /mnt/backups/hub-backup-20261130-101500-v000042.tar.gz   bring one back as a new version
  python -m etl migrate                                 bring a store made by an earlier release to this schema

The store lives in data/store/ (set HUB_DATA_DIR to use another folder).
v_observations columns: source, edition, is_current, indicator_code, indicator_name, indicator_name_ru,
indicator_name_kk, unit, iso3, country_name, year, breakdown, value, std_error, lower, upper, n_sources, flags,
batch_id, is_demo, publisher, licence, source_id. A NULL value is one the source published as missing; breakdown ''
is the total.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m etl", description="Hub Reform Monitor data store.", epilog=EXAMPLES,
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
    p = sub.add_parser("users", help="dashboard accounts: add, list, remove, unlock, log")
    user_sub = p.add_subparsers(dest="action", required=True)
    q = user_sub.add_parser("add", help="create an account or set a new password and role")
    q.add_argument("name")
    q.add_argument("--role", choices=ROLES, default="editor")
    q.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
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

    from accounts import users
    from analytics.editions import EditionError
    from core.errors import HubError
    from etl.backup import BackupError
    from etl.write.batches import RollbackRefused
    from store import Store, StoreError

    args.lang = lang = Language(args.lang or settings().lang)
    store = Store()
    try:
        return COMMANDS[args.command](store, args)
    except ValidationError as e:
        print(lang.t("cli_error", message=lang.title(e.title)), file=sys.stderr)
        for problem in e.problems:
            print(f"  - {lang.problem_line(problem)}", file=sys.stderr)
        return 1
    except (StoreError, RollbackRefused, FileNotFoundError, users.UserError, EditionError, BackupError) as e:
        print(lang.t("cli_error", message=lang.error(e)), file=sys.stderr)
        return 1
    except HubError as e:
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
    from etl.setup_store import init_store

    print(args.lang.message(init_store(store, starter_pack=not args.empty), CLI))
    return 0


def _load(store, args) -> int:
    if not args.file.is_file():
        raise FileNotFoundError(f"No such file: {args.file}")
    if args.write_recipe:
        from etl.recipes.starter import starting_recipe

        if args.write_recipe.exists():
            raise FileExistsError(f"{args.write_recipe} exists already; choose another name")
        args.write_recipe.write_text(starting_recipe(args.file), encoding="utf-8")
        print(f"Wrote {args.write_recipe}: a starting recipe for {args.file.name}. Check every value and fill in "
              f"the TODOs, then: python -m etl load {args.file} --recipe {args.write_recipe}")
        return 0
    from etl.load import load_file

    start = time.perf_counter()

    def progress(stage: str) -> None:
        print(f"[{time.perf_counter() - start:5.1f}s] {stage}...", file=sys.stderr, flush=True)

    try:
        report = load_file(args.file, recipe=args.recipe, edition=args.edition, user=args.user, store=store,
                           progress=progress)
    except ValidationError as unknown:
        if args.recipe or unknown.title != "Unknown layout":
            raise
        return _guessed(store, args, unknown, progress)
    print("\n".join(report.lines(args.lang)))
    return 0


def _guessed(store, args, unknown: ValidationError, progress) -> int:
    """A file no recipe fits: the mapping guessed for it, printed as a recipe; loaded only with --accept-guess."""
    import yaml

    from etl import guard
    from etl.load import load_file
    from etl.validate.known import known_indicators

    mapping = guard.guess(args.file, known=known_indicators(store))
    if mapping is None:
        raise unknown
    if args.edition and mapping.source is not None:
        mapping.source = type(mapping.source)(**{**mapping.source.__dict__, "edition": args.edition})
    is_csv = args.file.suffix.lower() in (".csv", ".txt", ".tsv")
    text = yaml.safe_dump(mapping.to_recipe(is_csv=is_csv), sort_keys=False, allow_unicode=True, width=110)
    if not args.accept_guess:
        lang = args.lang
        print(lang.t("cli_error", message=lang.title(unknown.title)), file=sys.stderr)
        for problem in unknown.problems:
            print(f"  - {lang.problem_line(problem)}", file=sys.stderr)
        print("# " + lang.t("cli_guess_head", file=args.file.name))
        print(text)
        print(lang.t("cli_guess_next", file=args.file), file=sys.stderr)
        return 1
    progress("loading with the guessed mapping")
    report = load_file(args.file, mapping=mapping, user=args.user, store=store, progress=progress)
    print("\n".join(report.lines(args.lang)))
    if args.save_as:
        from etl.recipes.saved import save_mapping

        latest = int(mapping.source.edition) if mapping.source and mapping.source.edition.isdigit() else None
        path = save_mapping(mapping, args.save_as, user=args.user or settings().user, is_csv=is_csv,
                            file_name=args.file.name, latest_year=latest)
        print(f"Saved the mapping as {path}: python -m etl load NEXT_FILE --recipe {args.save_as}")
    return 0


def _recipes(store, args) -> int:
    from etl.recipes.saved import remove_mapping, saved_mappings

    if args.action == "remove":
        print(f"Removed {remove_mapping(args.name)}.")
        return 0
    found = saved_mappings()
    for s in found:
        print(f"{s.name}\t{s.title}\tsaved by {s.by or '?'} at {s.at or '?'}\tfrom {s.file or '?'}")
    print(f"({len(found)} saved mapping(s) in $HUB_DATA_DIR/recipes/)", file=sys.stderr)
    return 0


def _batches(store, args) -> int:
    with store.reader() as con:
        frame = con.execute(
            "SELECT batch_id, file_name, kind, source_id, rows_added, rows_replaced, rows_unchanged, user_name, "
            "strftime(loaded_at, '%Y-%m-%d %H:%M:%S') AS loaded_at, status, "
            "strftime(rolled_back_at, '%Y-%m-%d %H:%M:%S') AS rolled_back_at, rolled_back_by "
            "FROM load_batch ORDER BY batch_id"
        ).df()
    _print_table(frame)
    return 0


def _rollback(store, args) -> int:
    from etl.write.rollback import rollback

    with store.writer() as con:
        result = rollback(con, args.batch, user=args.user or settings().user)
    print(args.lang.t("cli_rolled_back", batch=args.batch, removed=result["removed"], restored=result["restored"]))
    return 0


def _check(store, args) -> int:
    from etl.validate import quality

    with store.reader() as con:
        sections = quality.report(con)
    for title, frame in sections.items():
        print(f"\n== {title}: {len(frame)} row(s)")
        if len(frame):
            _print_table(frame.head(50))
    return 0


def _demo(store, args) -> int:
    from etl.setup_store import demo

    print(args.lang.message(demo(store), CLI))
    return 0


def _editions(store, args) -> int:
    import pandas as pd

    from analytics import editions

    with store.reader() as con:
        listed = editions.editions(con, args.dataset)
        old, new = editions.pick(con, args.dataset, args.old, args.new)
        counts = editions.summary(con, old, new)
        changed = editions.changes(con, old, new)
    _print_table(listed)
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
    from etl.recipes.recipe import all_recipes

    loaded: dict[str, list[str]] = {}
    if store.exists():
        with store.reader() as con:
            for dataset, edition, current, n in con.execute(
                "SELECT s.dataset, s.edition, s.is_current, count(o.indicator_code) FROM source s "
                "LEFT JOIN observation o USING (source_id) GROUP BY ALL ORDER BY 1, 2"
            ).fetchall():
                loaded.setdefault(dataset, []).append(f"{edition} ({n} obs{', current' if current else ''})")
    recipes = all_recipes()
    width = max(len(n) for n in recipes)
    for name, r in sorted(recipes.items()):
        where = f"  [{r.path}]" if r.path and r.path.parent.name != "recipes" or (r.path and "store" in
                                                                                 str(r.path)) else ""
        saved = r.get("saved") or {}
        by = f"  saved by {saved.get('by', '?')} at {saved.get('at', '?')}" if saved else ""
        print(f"{name:<{width}}  {r.dataset:<12} {r.layout:<16} {r.title()} ({r.get('publisher', '')}; "
              f"{r.get('licence', '')}){where}{by}")
        if loaded.get(r.dataset):
            print(f"{'':<{width}}  loaded: {'; '.join(loaded[r.dataset])}")
    others = sorted(set(loaded) - {r.dataset for r in recipes.values()})
    for dataset in others:
        print(f"{'(no recipe)':<{width}}  {dataset:<12} loaded: {'; '.join(loaded[dataset])}")
    print(f"({len(recipes)} recipes; the files are in data/recipes/ and $HUB_DATA_DIR/recipes/; survey files "
          "(gsps, uk_csps) and the upload templates are read by their own readers)", file=sys.stderr)
    return 0


def _sql(store, args) -> int:
    """A query on an in-memory copy of the public tables: respondent-level survey data is not in it at all."""
    import duckdb

    from store import StoreError
    from store.public import PUBLIC_TABLES, PUBLIC_VIEWS, public_connection

    with public_connection(store) as con:
        try:
            cursor = con.execute(args.query)
        except duckdb.CatalogException as e:
            raise StoreError(f"{e}\n`etl sql` sees only these tables: "
                             f"{', '.join((*PUBLIC_VIEWS, *PUBLIC_TABLES))}. Respondent-level survey data and "
                             "unsuppressed survey counts are not among them: read survey results from "
                             "v_survey_results.") from None
        if cursor.description is None:
            return 0
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([d[0] for d in cursor.description])
        while chunk := cursor.fetchmany(10_000):
            writer.writerows(chunk)
    return 0


def _users(store, args) -> int:
    from accounts import users

    if args.action == "list":
        found = users.list_users()
        locked = users.sign_in_state().locked()
        for user in found:
            since = locked.get(user.name.casefold())
            print(f"{user.name}\t{user.role}" + (f"\tlocked out since {_unix(since)}" if since else ""))
        print(args.lang.t("cli_accounts", n=len(found), file=users.users_file()), file=sys.stderr)
    elif args.action == "unlock":
        if not users.unlock(args.name, settings().user):
            raise users.UserError(f"{args.name!r} is not locked out; nothing was changed.")
        print(f"Unlocked {args.name} (recorded in the sign-in log: python -m etl users log).")
    elif args.action == "log":
        for when, name, event, actor, detail in users.sign_in_state().audit_log():
            print(f"{when}\t{name}\t{event}\t{actor}\t{detail}")
    elif args.action == "remove":
        users.remove_user(args.name)
        print(args.lang.t("cli_removed_user", name=args.name))
    else:
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(f"Password for {args.name}: ")
            if getpass.getpass("Again: ") != password:
                raise users.UserError("The two passwords differ; nothing was changed.")
        user = users.add_user(args.name, password, args.role)
        print(args.lang.t("cli_saved_user", name=user.name, role=user.role, file=users.users_file()))
    return 0


def _unix(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(at))


def _template(store, args) -> int:
    from etl.templates.indicators import build_template

    args.file.write_bytes(build_template())
    print(args.lang.t("cli_wrote", file=args.file))
    return 0


def _backup(store, args) -> int:
    from etl.backup import backup

    print("\n".join(backup(store, args.folder).lines()))
    return 0


def _restore(store, args) -> int:
    from etl.backup import restore

    print("\n".join(restore(args.archive, store).lines()))
    return 0


def _migrate(store, args) -> int:
    from store.schema import pending

    before, after = store.migrate()
    if before == after:
        print(f"The store in {store.dir} is at schema version {after}, this release's: nothing to migrate.")
        return 0
    names = ", ".join(m.name for m in pending(before))
    print(f"Migrated the store in {store.dir} from schema version {before} to {after} ({names}) as version "
          f"{store.current_path().name}; the version before it stays on disk beside it.")
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
