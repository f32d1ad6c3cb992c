#!/usr/bin/env bash
# Soak: paced mixed traffic through the gateway for MINUTES minutes, one row per minute, to
# show that latency and memory stay flat (no leak, no growing queue, no GC creep).
#
# Upstream: the fast static nginx of bench/load.sh. Gateway: L1 in front of Redis (REDIS_URL,
# default redis://127.0.0.1:6379), a fresh namespace per run. Traffic (bench/soak.lua): CONNS
# connections, each pausing DELAY_MS before each request (about CONNS x 1000 / DELAY_MS
# req/s); MISS_PCT % new requests (misses that grow the cache), the rest repeats of POOL bodies
# (hits). Each minute is one wrk run; after it the script samples the gateway's RSS, heap used
# (from /metrics) and L1 size. Entries are stored with cache.ttl 15m, so they leave a shared
# Redis on their own.
#
# Usage: bench/soak.sh          (after bench/setup.sh)
# Env:   MINUTES=10 CONNS=10 DELAY_MS=20 MISS_PCT=30 POOL=1000 HEAP=160m
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

MINUTES=${MINUTES:-10}
CONNS=${CONNS:-10}
DELAY_MS=${DELAY_MS:-20}
MISS_PCT=${MISS_PCT:-30}
POOL=${POOL:-1000}
HEAP=${HEAP:-160m}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
UP_PORT=${UP_PORT:-18081}
GW_PORT=${GW_PORT:-18080}
JAR=$root/gateway/target/evalgate.jar

bench_init soak
need_tools nginx wrk curl awk java

ensure_jar

body=$tmp/body.json
make_body
nginx_conf "$tmp/up" "    default_type application/json;
    server {
        listen 127.0.0.1:$UP_PORT backlog=4096;
        location / { return 200 '$canned'; }
    }"
nginx -p "$tmp/up" -c "$tmp/up/nginx.conf" -e stderr 2>>"$tmp/up/stderr.log" &
pids+=("$!")
cat >"$tmp/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: $GW_PORT, io_threads: 2, drain_timeout: 1s}
providers:
  static:
    kind: openai
    base_url: http://127.0.0.1:$UP_PORT/v1
    models: ["gpt-*"]
cache: {namespace: soak-$$, ttl: 15m, redis: {url: "$REDIS_URL"}}
YAML
EVALGATE_LOG_LEVEL=WARN java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseParallelGC ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" \
    serve --config "$tmp/gateway.yaml" 2>"$tmp/gateway.log" &
gw_pid=$!
pids+=("$gw_pid")
wait_http "http://127.0.0.1:$UP_PORT/" 10 || { log "upstream not ready"; exit 1; }
wait_http "http://127.0.0.1:$GW_PORT/healthz" 30 || { log "gateway not ready"; tail -n 40 "$tmp/gateway.log" >&2; exit 1; }

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
mkdir -p "$here/out"
out=$here/out/soak-$stamp.md
{
    echo "## evalgate soak, $stamp"
    echo
    echo "- commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, heap -Xms$HEAP -Xmx$HEAP, $CONNS connections pausing ${DELAY_MS} ms, $MISS_PCT % new requests, pool of $POOL repeated bodies, L1 + Redis"
    echo
    echo "| minute | req/s | non-2xx / socket errors | p50 ms | p99 ms | p99.9 ms | max ms | RSS MiB | heap used MiB | L1 entries | gateway CPU µs/req |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} | tee "$out"
clk_tck=$(getconf CLK_TCK)
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
for ((m = 1; m <= MINUTES; m++)); do
    c0=$(cpu_ticks "$gw_pid")
    BENCH_BODY=$body SOAK_DELAY_MS=$DELAY_MS SOAK_MISS_PCT=$MISS_PCT SOAK_POOL=$POOL \
        wrk -t2 -c"$CONNS" -d60s --timeout 10s -s "$here/soak.lua" "http://127.0.0.1:$GW_PORT" >"$tmp/wrk.out" 2>&1
    c1=$(cpu_ticks "$gw_pid")
    line=$(grep '^BENCH ' "$tmp/wrk.out" || true)
    kv() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$line"; }
    n=$(kv requests)
    metrics=$(curl -fsS --max-time 2 "http://127.0.0.1:$GW_PORT/metrics" || true)
    heap=$(awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ {s += $NF} END {printf "%.0f", s / 1048576}' <<<"$metrics")
    l1=$(awk '/^evalgate_cache_l1_entries[ {]/ {s += $NF} END {printf "%.0f", s}' <<<"$metrics")
    rss=$(awk '$1 == "VmRSS:" {printf "%.0f", $2 / 1024}' "/proc/$gw_pid/status")
    awk -v m="$m" -v n="$n" -v d="$(kv duration_us)" -v e="$(kv non2xx) / $(($(kv connect) + $(kv read) + $(kv write) + $(kv timeout)))" \
        -v p50="$(kv p50_us)" -v p99="$(kv p99_us)" -v p999="$(kv p999_us)" -v mx="$(kv max_us)" -v rss="$rss" -v heap="$heap" \
        -v l1="$l1" -v t=$((c1 - c0)) -v hz="$clk_tck" 'BEGIN {
        printf "| %d | %.0f | %s | %.3f | %.3f | %.3f | %.1f | %s | %s | %s | %.1f |\n",
            m, n / (d / 1e6), e, p50 / 1000, p99 / 1000, p999 / 1000, mx / 1000, rss, heap, l1, n ? t * 1e6 / hz / n : 0
    }' | tee -a "$out"
done
if grep -qE 'WARN|ERROR' "$tmp/gateway.log"; then
    log "gateway log has warnings/errors (first 20 lines):"
    grep -E 'WARN|ERROR' "$tmp/gateway.log" | head -n 20 >&2
fi
log "wrote $out"
