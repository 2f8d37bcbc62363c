#!/usr/bin/env bash
# Runs every test: unit tests, Pax Exam on the real distribution, headless Chromium against the
# console (with a CJK font for the Chinese UI), the traced offline boot, the clinical record on H2 and a
# real PostgreSQL, and bin/client from scripts (ssh-keygen and ssh for key login). Installs the Debian packages the tests need when missing.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v strace >/dev/null || missing+=(strace)
# The store's tests start a throw-away PostgreSQL from Debian's binaries (bundles/store PostgresServer).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
# MultiNodeIT puts two nodes behind a real HAProxy (docs/operations.md, "Scaling out").
command -v haproxy >/dev/null || missing+=(haproxy)
# The console's browser tests take screenshots of the Chinese UI: without a CJK font they show boxes.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if (( ${#missing[@]} )); then
  echo "Installing ${missing[*]} (Debian packages the tests need)..."
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

exec mvn -B verify "$@"
