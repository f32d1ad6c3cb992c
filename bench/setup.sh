#!/usr/bin/env bash
# Installs what bench/load.sh needs (Debian 12 / bookworm packages, idempotent):
#   nginx-light     upstream stub and the reference reverse proxy
#   wrk             closed-loop saturation load (req/s), Lua-scripted POSTs
#   nghttp2-client  h2load: fixed-rate load (--rps, --h1) for latency percentiles;
#                   Debian has neither wrk2 nor vegeta
#   curl            readiness polling and smoke checks
# The gateway itself needs a JDK >= 17 and Maven (see DEVELOPERS.md); not installed here.
set -euo pipefail

pkgs=(nginx-light wrk nghttp2-client curl)

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
    echo "setup: all present: ${pkgs[*]}"
    exit 0
fi

sudo=()
((EUID == 0)) || sudo=(sudo)
"${sudo[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
