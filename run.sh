#!/usr/bin/env bash
# Set up (virtual environment, packages, default store with demo data if missing) and serve the dashboard
# on http://localhost:8501. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements.txt
python -m etl init
exec python -m streamlit run dashboard.py --server.port "${PORT:-8501}" "$@"
