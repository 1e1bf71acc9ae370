"""The ETL command line: build the store, load files, list and roll back batches, check, query."""

from __future__ import annotations

import argparse
import csv
import getpass
import sys
import time
import traceback
from pathlib import Path

import duckdb
import pandas as pd

from accounts import users
from core.errors import ValidationError
from core.i18n import CLI, LANGUAGES, Language
from core.settings import settings
from etl.load import load_file
from etl.recipes.formats import FORMATS
from etl.recipes.survey import READERS as SURVEY_READERS
from etl.setup_store import init_store, rebuild_demo
from etl.validate import quality
from etl.write.batches import RollbackRefused
from etl.write.rollback import rollback
from store import Store, StoreError

LANG_HELP = "language of messages: kk, ru or en (default: HUB_LANG, else LANG, else en)"
EXAMPLES = """
examples:
  python -m etl init                                    build the store (with demo data) if it is missing
  python -m etl load ../shared/real-data/wgi/wgidataset_2024_update.xlsx
  python -m etl load export.csv --format databank       force a format instead of detecting it
  python -m etl load ../shared/real-data/surveys/gsps_national_all_respondents.csv   survey results (GSPS)
  python -m etl sql "SELECT iso3, year, value, lower, upper FROM v_survey_results WHERE question_code = 'ENG1'"
  python -m etl batches                                 every load: file, rows, who, when, status
  python -m etl rollback 3                              undo batch 3, restoring the values it replaced
  python -m etl check                                   coverage, duplicates, values outside scale, outliers
  python -m etl demo                                    rebuild the demo data
  python -m etl sql "SELECT iso3, year, value FROM v_observations WHERE indicator_code = 'wgi.ge'"
  python -m etl users add anna --role editor            create an account (the password is asked for)
  python -m etl template national_template.xlsx         write the national indicator-data template

The store lives in data/store/ (set HUB_DATA_DIR to use another folder).
v_observations columns: source, edition, is_current, indicator_code, indicator_name, indicator_name_ru,
indicator_name_kk, unit, iso3, country_name, year, value, std_error, lower, upper, n_sources, flags, batch_id,
is_demo, publisher, licence, source_id. A NULL value is one the source published as missing.
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
    p = sub.add_parser("init", help="build the store if missing; refresh reference data")
    p.add_argument("--no-demo", action="store_true", help="create the store without demo data")
    p = sub.add_parser("load", help="load a published or uploaded file as one batch")
    p.add_argument("file", type=Path)
    p.add_argument("--format", choices=sorted([*FORMATS, *SURVEY_READERS]),
                   help="the file's layout (detected when not given)")
    p.add_argument("--user", help="who loads it (default: $HUB_USER or $USER)")
    sub.add_parser("batches", help="list load batches")
    p = sub.add_parser("rollback", help="roll a batch back")
    p.add_argument("batch", type=int)
    p.add_argument("--user", help="who rolls it back")
    sub.add_parser("check", help="data-quality report")
    sub.add_parser("demo", help="rebuild the demo data")
    sub.add_parser("sources", help="list datasets and editions; which edition is current")
    p = sub.add_parser("sql", help="run a read-only query, print CSV")
    p.add_argument("query")
    p = sub.add_parser("users", help="dashboard accounts: add, list, remove")
    user_sub = p.add_subparsers(dest="action", required=True)
    q = user_sub.add_parser("add", help="create an account or set a new password and role")
    q.add_argument("name")
    q.add_argument("--role", choices=users.ROLES, default="editor")
    q.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user_sub.add_parser("list", help="list accounts and roles")
    q = user_sub.add_parser("remove", help="delete an account")
    q.add_argument("name")
    p = sub.add_parser("template", help="write the indicator-data template (xlsx)")
    p.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    args.lang = lang = Language(args.lang or settings().lang)
    store = Store()
    try:
        return COMMANDS[args.command](store, args)
    except ValidationError as e:
        print(lang.t("cli_error", message=lang.title(e.title)), file=sys.stderr)
        for problem in e.problems:
            print(f"  - {lang.problem_line(problem)}", file=sys.stderr)
        return 1
    except (StoreError, RollbackRefused, FileNotFoundError, users.UserError) as e:
        print(lang.t("cli_error", message=lang.error(e)), file=sys.stderr)
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


def _init(store: Store, args) -> int:
    print(args.lang.message(init_store(store, with_demo=not args.no_demo), CLI))
    return 0


def _load(store: Store, args) -> int:
    if not args.file.is_file():
        raise FileNotFoundError(f"No such file: {args.file}")
    start = time.perf_counter()

    def progress(stage: str) -> None:
        print(f"[{time.perf_counter() - start:5.1f}s] {stage}...", file=sys.stderr, flush=True)

    report = load_file(args.file, format=args.format, user=args.user, store=store, progress=progress)
    print("\n".join(report.lines(args.lang)))
    return 0


def _batches(store: Store, args) -> int:
    with store.reader() as con:
        frame = con.execute(
            "SELECT batch_id, file_name, kind, source_id, rows_added, rows_replaced, rows_unchanged, user_name, "
            "strftime(loaded_at, '%Y-%m-%d %H:%M:%S') AS loaded_at, status, "
            "strftime(rolled_back_at, '%Y-%m-%d %H:%M:%S') AS rolled_back_at, rolled_back_by "
            "FROM load_batch ORDER BY batch_id"
        ).df()
    _print_table(frame)
    return 0


def _rollback(store: Store, args) -> int:
    with store.writer() as con:
        result = rollback(con, args.batch, user=args.user or settings().user)
    print(args.lang.t("cli_rolled_back", batch=args.batch, removed=result["removed"], restored=result["restored"]))
    return 0


def _check(store: Store, args) -> int:
    with store.reader() as con:
        sections = quality.report(con)
    for title, frame in sections.items():
        print(f"\n== {title}: {len(frame)} row(s)")
        if len(frame):
            _print_table(frame.head(50))
    return 0


def _demo(store: Store, args) -> int:
    report = rebuild_demo(store)
    print("\n".join(report.lines(args.lang)))
    return 0


def _sources(store: Store, args) -> int:
    with store.reader() as con:
        frame = con.execute(
            "SELECT s.dataset, s.source_id, s.edition, s.is_current, s.is_demo, s.publisher, s.licence, "
            "count(o.indicator_code) AS observations FROM source s LEFT JOIN observation o USING (source_id) "
            "GROUP BY ALL ORDER BY s.dataset, s.edition"
        ).df()
    _print_table(frame)
    return 0


# Respondent-level survey rows and their unsuppressed counts stay in the store: `sql` answers from the
# documented views instead (v_survey_results). A guard for honest users, not a security boundary: whoever
# can read the store's files can read everything in them.
PRIVATE = ("survey_answer", "survey_respondent", "survey_cell", "survey_theme_cell", "query_table", "duckdb_")


def _sql(store: Store, args) -> int:
    text = args.query.casefold()
    if any(name in text for name in PRIVATE):
        raise StoreError("respondent-level survey data cannot be queried from the command line; "
                         "read survey results from v_survey_results")
    with store.reader() as con:
        cursor = con.execute(args.query)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([d[0] for d in cursor.description])
        while chunk := cursor.fetchmany(10_000):
            writer.writerows(chunk)
    return 0


def _users(store: Store, args) -> int:
    if args.action == "list":
        found = users.list_users()
        for user in found:
            print(f"{user.name}\t{user.role}")
        print(args.lang.t("cli_accounts", n=len(found), file=users.users_file()), file=sys.stderr)
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


def _template(store: Store, args) -> int:
    from etl.templates.indicators import build_template

    args.file.write_bytes(build_template())
    print(args.lang.t("cli_wrote", file=args.file))
    return 0


def _print_table(frame: pd.DataFrame) -> None:
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200):
        print(frame.to_string(index=False) if len(frame) else "(none)")


COMMANDS = {
    "init": _init, "load": _load, "batches": _batches, "rollback": _rollback, "check": _check,
    "demo": _demo, "sources": _sources, "sql": _sql, "users": _users, "template": _template,
}
