#!/bin/sh
# Run the full test command (`make test`) with every Python 3.11, 3.12 and 3.13 on
# this machine (on PATH and under ~/.pyenv/versions), each on a fresh copy of the
# project (tracked files and untracked ones git does not ignore) with its own .venv.
# One after the other: each run uses both cores. Logs go to _build/test-pythons/.
# Prints one line per Python at the end; exits non-zero if any failed.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LOGS="$ROOT/_build/test-pythons"
mkdir -p "$LOGS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pronvovid-pythons.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

# Candidates; the same interpreter found twice (a pyenv shim and its target) runs once.
found=""
for python in $(command -v python3.11 python3.12 python3.13 python3 2>/dev/null) \
  "$HOME"/.pyenv/versions/*/bin/python3.11 "$HOME"/.pyenv/versions/*/bin/python3.12 \
  "$HOME"/.pyenv/versions/*/bin/python3.13; do
  [ -x "$python" ] || continue
  # A pyenv shim for a version that is not active fails here; so does a non-Python.
  id=$("$python" -c 'import os, sys
if (3, 11) <= sys.version_info[:2] <= (3, 13):
    print("%d.%d.%d" % sys.version_info[:3], os.path.realpath(sys.executable))' 2>/dev/null) || continue
  [ -n "$id" ] || continue
  case "$found" in *"|$id|"*) continue ;; esac
  found="$found|$id|"
  echo "$id"
done > "$WORK/pythons"

if [ ! -s "$WORK/pythons" ]; then
  echo "no Python 3.11, 3.12 or 3.13 found" >&2
  exit 1
fi

status=0
: > "$WORK/summary"
while read -r version python; do
  copy="$WORK/$version"
  mkdir -p "$copy"
  git ls-files -co --exclude-standard | while IFS= read -r f; do
    [ -e "$f" ] && printf '%s\n' "$f"
  done | tar -cf - -T - | tar -xf - -C "$copy"
  log="$LOGS/$version.log"
  echo "== Python $version ($python): make test in $copy, log in ${log#"$ROOT"/}"
  start=$(date +%s)
  if (cd "$copy" && make test PYTHON="$python") < /dev/null > "$log" 2>&1; then
    result=pass
  else
    result=FAIL
    status=1
    tail -n 25 "$log"
  fi
  seconds=$(($(date +%s) - start))
  echo "Python $version  $result  ${seconds} s  ($python)" | tee -a "$WORK/summary"
  rm -rf "$copy"
done < "$WORK/pythons"

echo "== make test per Python (set-up of .venv included):"
cat "$WORK/summary"
exit $status
