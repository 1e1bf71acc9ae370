#!/usr/bin/env bash
# Set up everything the tests need (Debian's chromium and fonts for the browser tests, the virtual
# environment with test packages) and run the whole suite: lint, then pytest.
set -euo pipefail
cd "$(dirname "$0")"
packages=(chromium fonts-dejavu-core libreoffice-writer-nogui poppler-utils)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
source scripts/venv.sh requirements-dev.txt
ruff check .
python -m pytest "$@"
