# Sourced by run.sh and test.sh: create .venv with Python 3.11 if missing, install the given requirements
# file when it changed since the last install, and activate it.
requirements="$1"
python_bin="$(command -v python3.11 || command -v python3)"
if ! "$python_bin" -c 'import venv, ensurepip' 2>/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian's python3-venv..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv
fi
[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
stamp=".venv/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || ! cmp -s <(cat "$requirements" requirements.txt) "$stamp"; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  cat "$requirements" requirements.txt > "$stamp"
fi
# shellcheck disable=SC1091
source .venv/bin/activate
