#!/bin/sh
# Install gembakit from this checkout. On Debian or Ubuntu it first installs, when missing, the
# system libraries WeasyPrint renders PDF reports and certificates with (Pango, HarfBuzz's
# subsetter) — through sudo unless run as root. Python dependencies come from pyproject.toml.
set -e
cd "$(dirname "$0")/.."
if command -v apt-get > /dev/null 2>&1 && command -v dpkg-query > /dev/null 2>&1; then
  need=""
  for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
    dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q "install ok installed" \
      || need="$need $pkg"
  done
  if [ -n "$need" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "gembakit: installing the libraries PDFs need:$need"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
  fi
fi
python=$(command -v python3 || command -v python)
if ! "$python" -m pip install --disable-pip-version-check -q -e .; then
  echo "gembakit: pip could not install here. If it says the environment is externally" >&2
  echo "managed, make a virtual environment first, then run this again:" >&2
  echo "  python3 -m venv .venv && . .venv/bin/activate && sh scripts/install.sh" >&2
  exit 1
fi
