#!/usr/bin/env bash
# Installs the browsers the browser suites drive (Debian's chromium and firefox-esr) and the
# nginx the production test starts, when missing. The suites never skip for a missing tool: if
# this cannot install them, the run fails here. `--bench` adds wrk (bench/http_load.py).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v firefox-esr >/dev/null || missing+=(firefox-esr)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ "${1:-}" = "--bench" ]; then command -v wrk >/dev/null || missing+=(wrk); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
