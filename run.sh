#!/usr/bin/env bash
# Set up (Debian's chromium and LibreOffice for exports, the virtual environment, the default store built from
# the starter pack of published files if missing) and serve the dashboard on http://localhost:8501.
# ./run.sh --demo serves the DEMO store instead (generated data, in a store of its own beside the published one).
# Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")"
# Chromium renders chart images (kaleido); LibreOffice turns country briefs into PDF.
# shellcheck disable=SC1091
source scripts/debian.sh chromium fonts-dejavu-core libreoffice-writer-nogui
source scripts/venv.sh requirements.txt
python -m scripts.i18n compile >/dev/null  # the .mo files the interface reads (locales/)
if [ "${1:-}" = "--demo" ]; then
  shift
  HUB_DATA_DIR="$(dirname "${HUB_DATA_DIR:-data/store}")/demo-store"
  export HUB_DATA_DIR
  python -m etl demo
else
  python -m etl init
fi
exec python -m streamlit run dashboard.py --server.port "${PORT:-8501}" "$@"
