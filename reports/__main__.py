"""Command line: `python -m reports brief KAZ --lang ru [--peers CA] [--year 2023] [--indicators wgi.ge] ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.i18n import LANGUAGES, Language
from core.settings import settings
from reports import brief, images
from store import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser("brief", help="build a country brief from the store")
    cmd.add_argument("iso3", help="country code, e.g. KAZ")
    cmd.add_argument("--lang", choices=list(LANGUAGES), default=None,
                     help="kk, ru or en (default: HUB_LANG, else LANG, else en)")
    cmd.add_argument("--peers", default=None, help="peer group code (HUB, CA, CIS, ...); default: the region")
    cmd.add_argument("--format", choices=brief.FORMATS, default="docx")
    cmd.add_argument("--out", type=Path, default=None, help="file to write (default: in the current folder)")
    cmd.add_argument("--charts", type=int, default=10, help="at most this many charts (6-10 recommended)")
    cmd.add_argument("--year", type=int, default=None, help="data up to this year (default: the latest)")
    cmd.add_argument("--indicators", default="", help="indicator codes to lead with, comma-separated (wgi.ge,...)")
    args = parser.parse_args(argv)
    args.lang = Language(args.lang or settings().lang)
    store = Store()
    if not store.exists():
        print(args.lang.t("no_store"), file=sys.stderr)
        return 1
    try:
        with store.reader() as con:
            made = brief.build(con, args.iso3.upper(), args.lang, args.peers and args.peers.upper(),
                               max_charts=args.charts, year=args.year,
                               indicators=[c.strip() for c in args.indicators.split(",") if c.strip()])
        content = brief.write(made, (args.format,))[args.format]
    except (brief.BriefError, brief.OfficeMissing) as error:
        print(str(error), file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - a readable line for users; HUB_DEBUG=1 shows the traceback
        if settings().debug:
            raise
        print(f"Error: {error}", file=sys.stderr)
        return 1
    finally:
        images.stop_browser()
    out = args.out or Path(brief.file_name(made, args.format))
    out.write_bytes(content)
    print(args.lang.plural("rep_cli_done", len(content), path=out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
