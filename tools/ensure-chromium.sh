#!/bin/sh
# Make sure Debian's Chromium (the browser tests, the book's PDF) and poppler-utils
# (pdftotext and pdffonts, with which the tests read the PDF back) are there.
# Installs what is missing with apt when running as root (or with passwordless
# sudo). If that is not possible, says so loudly: the browser and PDF tests then
# skip, except under CI (CI=true), where they fail.
set -u
PACKAGES=""
command -v chromium >/dev/null 2>&1 || PACKAGES="chromium fonts-dejavu-core"
{ command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1; } || PACKAGES="$PACKAGES poppler-utils"
if [ -z "$PACKAGES" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = "0" ] || [ -n "$SUDO" ]; }; then
  echo "[chromium] not found:$PACKAGES; installing with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086 # the package names are meant to split
  if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null; then
    echo "[chromium] installed:$PACKAGES"
    exit 0
  fi
  echo "[chromium] apt-get install failed." >&2
fi
echo "!!!!! [chromium] NOT available and cannot be installed here:$PACKAGES; the browser and PDF tests will be SKIPPED (and FAIL under CI=true). Add with: sudo apt-get install$PACKAGES !!!!!" >&2
exit 0
