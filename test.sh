#!/usr/bin/env bash
# Set up everything the tests need (Debian's chromium and fonts for the browser tests, the virtual
# environment with test packages) and run the whole suite: lint, then pytest.
set -euo pipefail
cd "$(dirname "$0")"
# Runtime packages (see run.sh) plus poppler-utils, which renders brief pages to PNG in the tests,
# and libreoffice-calc-nogui, which turns test workbooks into .xls and .ods (Writer alone cannot).
# shellcheck disable=SC1091
source scripts/debian.sh chromium fonts-dejavu-core libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
# npm installs axe-core for the accessibility checks of the browser tests (Debian's npm brings nodejs; a node
# installed otherwise usually brings its own npm)
command -v npm >/dev/null || source scripts/debian.sh npm
source scripts/venv.sh requirements-dev.txt
python -m scripts.i18n compile >/dev/null  # the .mo files the interface reads (locales/)
# axe-core exactly as package-lock.json pins it (again only when the lock file changed)
if ! cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --silent && cp package-lock.json node_modules/.installed-lock
fi
ruff check .
lint-imports --no-cache --no-logo  # the layers of pyproject.toml [tool.importlinter]
# Two processes (pytest-xdist, one per core of CI's machine); each test file stays in one process, so a file's
# dashboard server (tests/e2e, module fixtures) starts once. The slowest tests are listed at the end.
python -m pytest -n 2 --dist loadfile --durations=15 "$@"
