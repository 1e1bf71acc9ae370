#!/usr/bin/env bash
# Set up (Debian's chromium and LibreOffice for exports, the virtual environment, the default store with
# demo data if missing) and serve the dashboard on http://localhost:8501. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")"
# Chromium renders chart images (kaleido); LibreOffice turns country briefs into PDF.
# shellcheck disable=SC1091
source scripts/debian.sh chromium fonts-dejavu-core libreoffice-writer-nogui
source scripts/venv.sh requirements.txt
python -m scripts.i18n compile >/dev/null  # the .mo files the interface reads (locales/)
python -m etl init
exec python -m streamlit run dashboard.py --server.port "${PORT:-8501}" "$@"
