#!/usr/bin/env bash
# Installs what the browser tests need on a fresh machine: Debian's Chromium,
# a Java runtime for the W3C Nu checker, and the npm modules (from the lock file).
set -euo pipefail
cd "$(dirname "$0")"
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/vnu-jar ]; then
  npm ci --no-audit --no-fund --ignore-scripts >/dev/null
fi
