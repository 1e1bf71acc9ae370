#!/usr/bin/env bash
# Set up everything the tests need (Debian's chromium and fonts for the browser tests, the virtual
# environment with test packages) and run the whole suite: lint, then pytest.
set -euo pipefail
cd "$(dirname "$0")"
# Runtime packages (see run.sh) plus poppler-utils, which renders brief pages to PNG in the tests, and
# libreoffice-calc-nogui, which turns test workbooks into .xls and .ods (Writer alone cannot).
# shellcheck disable=SC1091
source scripts/debian.sh chromium fonts-dejavu-core libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
source scripts/venv.sh requirements-dev.txt
python -m scripts.i18n compile >/dev/null  # the .mo files the interface reads (locales/)
ruff check .
python -m pytest "$@"
