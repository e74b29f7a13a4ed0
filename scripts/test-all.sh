#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine: installs what the tests need
# (Chromium for the browser tests and axe-core from npm for their accessibility check, Packer for
# template validation), then the Maven build with
# unit and integration tests, then the offline infrastructure checks.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v packer >/dev/null || missing+=(packer)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# axe-core, which BrowserIT injects into the page to check accessibility (pinned by the lock file)
npm ci --prefix gateway/src/test/browser --no-audit --no-fund --loglevel=error

./mvnw -B verify

if [ -x scripts/validate-infra.sh ]; then
  scripts/validate-infra.sh
fi
