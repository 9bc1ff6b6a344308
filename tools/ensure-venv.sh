#!/bin/sh
# Make sure .venv is a complete environment for this Python and these pins.
#   tools/ensure-venv.sh PYTHON
#   tools/ensure-venv.sh --check PYTHON   only the version check (the Makefile's)
# .venv/.ready records the Python's major.minor and a hash of requirements.txt and
# pyproject.toml; only a complete install writes it. If it is missing (a half-made
# .venv: an install that failed or was interrupted) or differs (another Python, new
# pins), .venv is removed and made again from scratch.
set -eu
CHECK_ONLY=""
if [ "${1:-}" = "--check" ]; then
  CHECK_ONLY=1
  shift
fi
PYTHON="${1:-python3}"
VENV=.venv
READY="$VENV/.ready"

# Refuse an unsupported Python in one line, before creating anything.
if ! version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>&1); then
  echo "Python 3.11–3.13 is needed; $PYTHON does not run ($(printf '%s\n' "$version" | head -n 1))" >&2
  exit 1
fi
version=$(printf '%s\n' "$version" | tail -n 1)
case "$version" in
  3.11 | 3.12 | 3.13) ;;
  *)
    echo "Python 3.11–3.13 is needed; $PYTHON is $version" >&2
    exit 1
    ;;
esac
[ -z "$CHECK_ONLY" ] || exit 0

want="python $version; $(cat requirements.txt pyproject.toml | "$PYTHON" -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
if [ -f "$READY" ] && [ "$(cat "$READY")" = "$want" ]; then
  exit 0
fi

if [ -e "$VENV" ]; then
  if [ -f "$READY" ]; then
    echo "[env] .venv was made for $(cut -d';' -f1 "$READY") or other pins; making it again for python $version"
  else
    echo "[env] .venv is incomplete (no .venv/.ready); making it again"
  fi
  rm -rf "$VENV"
fi
set -x
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
# Build matplotlib's font cache now, so its notice never lands in a notebook's output.
"$VENV/bin/python" -c "import matplotlib.font_manager"
{ set +x; } 2>/dev/null
echo "$want" > "$READY"
