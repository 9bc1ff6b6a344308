#!/bin/sh
# Make sure Debian's Chromium is there for the browser tests.
# Installs it with apt when running as root (or with passwordless sudo). If that
# is not possible, says so loudly: the browser tests then skip, except under CI
# (CI=true), where they fail.
set -u
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = "0" ] || [ -n "$SUDO" ]; }; then
  echo "[chromium] not found; installing Debian's chromium with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; then
    echo "[chromium] installed: $(chromium --version 2>/dev/null)"
    exit 0
  fi
  echo "[chromium] apt-get install failed." >&2
fi
echo "!!!!! [chromium] Chromium is NOT available and cannot be installed here: the browser tests will be SKIPPED (and FAIL under CI=true). !!!!!" >&2
exit 0
