#!/usr/bin/env bash
# Open streams: how much heap and RSS the gateway needs to hold many slow SSE streams at once.
#
# The gateway's own simulator (a separate JVM) answers every streamed chat request with about 43
# SSE events, one every CHUNK_DELAY_MS, so a stream stays open for about 43 x CHUNK_DELAY_MS.
# wrk keeps STREAMS connections busy for DURATION seconds with streamed requests, each one new
# (bench/chat-miss.lua), so every one is a cache miss relayed chunk by chunk and teed into the
# cache, with its own upstream connection. Once per second the script samples the gateway's
# /metrics (evalgate_inflight, heap used, Netty direct memory) and its VmRSS; halfway through
# it asks for a full GC (jcmd GC.run) and reads the heap right after it: the live heap that
# STREAMS open streams need.
#
# Usage: bench/streams.sh            (after bench/setup.sh; builds the jar if it is missing)
# Env:   STREAMS=2000 DURATION=40 CHUNK_DELAY_MS=500 HEAP=512m
#        GATEWAY_JAVA_OPTS="..." extra JVM flags for the gateway
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

STREAMS=${STREAMS:-2000}
DURATION=${DURATION:-40}
CHUNK_DELAY_MS=${CHUNK_DELAY_MS:-500}
HEAP=${HEAP:-512m}
SIM_PORT=${SIM_PORT:-18096}
GW_PORT=${GW_PORT:-18097}
JAR=$root/gateway/target/evalgate.jar

bench_init streams
need_tools wrk curl awk java jcmd
if (($(ulimit -n) < 2 * STREAMS + 1000)); then
    ulimit -n $((2 * STREAMS + 1000)) 2>/dev/null ||
        { echo "streams.sh: ulimit -n is $(ulimit -n), need $((2 * STREAMS + 1000))" >&2; exit 1; }
fi

ensure_jar

body=$tmp/stream-body.json
printf '%s' '{"model":"gpt-4o-mini","stream":true,"max_tokens":40,"messages":[{"role":"user","content":"Describe the reference answer in a few words."}]}' >"$body"

java -Xmx256m -jar "$JAR" simulate --port "$SIM_PORT" --chunk-delay-ms "$CHUNK_DELAY_MS" >"$tmp/sim.log" 2>&1 &
pids+=("$!")
cat >"$tmp/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: $GW_PORT, io_threads: 2, drain_timeout: 1s}
providers:
  sim:
    kind: openai
    base_url: http://127.0.0.1:$SIM_PORT/v1
    models: ["gpt-*"]
    max_connections: $STREAMS
    idle_timeout: 120s
cache: {namespace: streams-$$}
YAML
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM flags
EVALGATE_LOG_LEVEL=WARN java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" \
    serve --config "$tmp/gateway.yaml" 2>"$tmp/gateway.log" &
gw_pid=$!
pids+=("$gw_pid")
wait_http "http://127.0.0.1:$SIM_PORT/v1/models" 30 || { log "simulator not ready"; cat "$tmp/sim.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$GW_PORT/healthz" 30 || { log "gateway not ready"; tail -n 40 "$tmp/gateway.log" >&2; exit 1; }

events=$(curl -sN --max-time 60 -H 'Content-Type: application/json' -H 'X-Sim-Chunk-Delay-Ms: 0' \
    --data-binary "@$body" "http://127.0.0.1:$GW_PORT/v1/chat/completions" | grep -c '^data:' || true)
log "one stream has $events events: about $((events * CHUNK_DELAY_MS / 1000)) s each at ${CHUNK_DELAY_MS} ms per event"

sample() { # prints: inflight heap_used_bytes direct_bytes rss_kib
    local m rss
    m=$(curl -fsS --max-time 2 "http://127.0.0.1:$GW_PORT/metrics" 2>/dev/null || true)
    rss=$(awk '$1 == "VmRSS:" {print $2}' "/proc/$gw_pid/status")
    awk -v rss="$rss" '
        /^evalgate_inflight[ {]/ {f += $NF}
        /^jvm_memory_used_bytes\{/ && /area="heap"/ {h += $NF}
        /^evalgate_netty_direct_memory_used_bytes[ {]/ {d += $NF}
        END {printf "%d %d %d %d\n", f, h, d, rss}' <<<"$m"
}

log "wrk -t2 -c$STREAMS -d${DURATION}s: streamed requests, each one new"
BENCH_BODY=$body wrk -t2 -c"$STREAMS" -d"${DURATION}s" --timeout 120s -s "$here/chat-miss.lua" \
    "http://127.0.0.1:$GW_PORT" >"$tmp/wrk.out" 2>&1 &
wrk_pid=$!
: >"$tmp/samples"
half=$((DURATION / 2))
for ((s = 1; s <= DURATION; s++)); do
    sleep 1
    kill -0 "$wrk_pid" 2>/dev/null || break
    if ((s == half)); then
        jcmd "$gw_pid" GC.run >/dev/null
        read -r f h d r < <(sample)
        live_inflight=$f live_heap=$h
        log "after a full GC at ${s}s: $f open, heap used $((h / 1048576)) MiB"
    fi
    sample >>"$tmp/samples"
done
wait "$wrk_pid" || true
cat "$tmp/wrk.out" >&2
line=$(grep '^BENCH ' "$tmp/wrk.out" || true)
kv() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$line"; }
read -r peak_f peak_h peak_d peak_r < <(awk '
    $1 > f {f = $1} $2 > h {h = $2} $3 > d {d = $3} $4 > r {r = $4}
    END {printf "%d %d %d %d\n", f, h, d, r}' "$tmp/samples")
hwm=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$gw_pid/status")
oom=$(grep -c OutOfMemoryError "$tmp/gateway.log" || true)

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
mkdir -p "$here/out"
out=$here/out/streams-$stamp.md
{
    echo "## evalgate open streams, $stamp"
    echo
    echo "- commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, heap -Xms$HEAP -Xmx$HEAP (G1), $STREAMS connections for ${DURATION}s, $events events per stream at ${CHUNK_DELAY_MS} ms"
    echo
    echo "| streams completed | non-2xx / socket errors | peak open (evalgate_inflight) | live heap after full GC (open then) | peak heap used | peak Netty direct | peak RSS / HWM | OutOfMemoryError |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
    echo "| $(kv requests) | $(kv non2xx) / $(($(kv connect) + $(kv read) + $(kv write) + $(kv timeout))) | $peak_f | $((${live_heap:-0} / 1048576)) MiB (${live_inflight:-?}) | $((peak_h / 1048576)) MiB | $((peak_d / 1048576)) MiB | $((peak_r / 1024)) / $((hwm / 1024)) MiB | $oom |"
} | tee "$out"
log "wrote $out"
