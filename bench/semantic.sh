#!/usr/bin/env bash
# Semantic tier benchmark (issue 7): does embedding on the semantic workers leave exact-cache hits
# alone, and how long does a semantic lookup take? One run, one gateway, one static upstream:
#
#   exact      route for model gpt-4o-mini, exact cache only
#   semantic   route for model sim-judge (sent upstream as gpt-4o-mini) with
#              cache: {semantic: {threshold: $THRESHOLD}}
#
# Phases, in order:
#   A1  exact hits at a fixed $RATE req/s (h2load --h1 -c10, $DURATION s), nothing else running
#   B   the same, while wrk drives the semantic route closed-loop ($SEM_CONNS connections) with a
#       new final user text per request: every request is an exact miss, so a semantic probe
#       (split, embed, scan: a miss, see bench/semantic.lua), then the upstream, then indexing
#   B0  control, if CONTROL=1: the same as B but the semantic requests say
#       X-Eval-Cache-Semantic: off, paced to B's rate: the same traffic without the embedding
#   A2  A1 again: how much the baseline moves within a run
#   C   semantic hits: one text recorded, then ~$HIT_RATE req/s of paraphrases of it for
#       $HIT_DURATION s (wrk -c1, a pause between requests; every body unique, so no exact hit),
#       then exact hits at the same pace with the same client, for comparison
#
# Exact-hit percentiles are nearest-rank over h2load's per-request log (as in load.sh).
# Semantic lookup ("probe") latency comes from the gateway's histogram
# evalgate_cache_semantic_probe_duration_seconds (submission to the worker pool until result:
# queue wait, split, embedding, scan), as the difference of its buckets before and after a
# phase; its percentiles are given interpolated linearly within a bucket (as Prometheus'
# histogram_quantile does) and with the bucket's bounds. CPU per thread group comes from
# /proc/<pid>/task/*/stat: "semantic" counts every thread named evalgate-semantic-*, which
# includes the ONNX Runtime threads the embedder starts from a worker (native threads inherit
# their creator's name). "Other processes" is the CPU of everything outside this script's process
# tree (say, someone else's build): figures from a run where it is not near 0 are noise.
#
# Needs what load.sh needs (bench/setup.sh): nginx, wrk, h2load, curl, and a JDK >= 17.
# Everything binds 127.0.0.1, on ports other than load.sh's. The cache is in-process (no Redis).
# Processes started here are killed by the EXIT trap. Exits 1 if any request failed (non-2xx,
# socket error) or a smoke check did not get the X-Eval-Cache it expects.
#
# Usage: bench/semantic.sh
# Env:   DURATION=15 WARMUP=10 SETTLE=3 RATE=500 SEM_CONNS=8 SEM_WORDS=20 THRESHOLD=0.95
#        HIT_RATE=20 HIT_DURATION=10 CONTROL=1
#        SEM_WORKERS, SEM_QUEUE: cache.semantic.workers / queue (default: the gateway's own)
#        REBUILD=1 forces `mvn package` of the gateway (otherwise only when the jar is missing)
#        GATEWAY_JAVA_OPTS: extra JVM flags
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
SETTLE=${SETTLE:-3}
RATE=${RATE:-500}
SEM_CONNS=${SEM_CONNS:-8}
SEM_WORDS=${SEM_WORDS:-20}
THRESHOLD=${THRESHOLD:-0.95}
HIT_RATE=${HIT_RATE:-20}
HIT_DURATION=${HIT_DURATION:-10}
CONTROL=${CONTROL:-1}
SEM_WORKERS=${SEM_WORKERS:-}
SEM_QUEUE=${SEM_QUEUE:-}
UP_PORT=${UP_PORT:-18091}
GW_PORT=${GW_PORT:-18090}
JAR=$root/gateway/target/evalgate.jar
RATE_CONNS=10
LEAD=2 # seconds the semantic load runs before and after the exact-hit measurement

bench_init semantic
need_tools nginx wrk h2load curl awk java

failures=()
fail() { log "FAILED: $*"; failures+=("$*"); }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load_avg)

# --- request bodies -------------------------------------------------------------------------
# The exact-hit body is load.sh's: an OpenAI chat request padded to 1024 bytes.
body=$tmp/body.json
make_body
# Each semantic phase has a frame (system prompt) of its own, so one phase's entries are not
# scanned by the next.
SYS_WARM="You are a terse grader (warm-up). Answer with one word."
SYS_LOAD="You are a terse grader. Answer with one word."
SYS_CONTROL="You are a terse grader (control). Answer with one word."
SYS_HIT="You are a concise summariser."
BASE_TEXT="Please summarise the customer review in three sentences."

# --- upstream -------------------------------------------------------------------------------

start_nginx() { # dir -> sets started_pid
    nginx -p "$1" -c "$1/nginx.conf" -e stderr 2>>"$1/stderr.log" &
    started_pid=$!
    pids+=("$started_pid")
}

# A port something else answers on would be measured instead of what this script starts.
for port in "$UP_PORT" "$GW_PORT"; do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
        log "port $port is in use (set UP_PORT / GW_PORT)"; exit 1
    fi
done

nginx_conf "$tmp/up" "    default_type application/json;
    server {
        listen 127.0.0.1:$UP_PORT backlog=4096;
        location / { return 200 '$canned'; }
    }"
start_nginx "$tmp/up"
up_pid=$started_pid
wait_http "http://127.0.0.1:$UP_PORT/" 10 && kill -0 "$up_pid" 2>/dev/null ||
    { log "upstream not ready"; cat "$tmp/up/stderr.log" >&2; exit 1; }

# --- gateway --------------------------------------------------------------------------------
ensure_jar
sem_pool=
[[ -n $SEM_WORKERS ]] && sem_pool+="workers: $SEM_WORKERS"
[[ -n $SEM_QUEUE ]] && sem_pool+="${sem_pool:+, }queue: $SEM_QUEUE"
[[ -n $sem_pool ]] && sem_pool="  semantic: {$sem_pool}"
cat >"$tmp/gateway.yaml" <<EOF
server: {host: 127.0.0.1, port: $GW_PORT, io_threads: 2, drain_timeout: 1s}
providers:
  static:
    kind: openai
    base_url: http://127.0.0.1:$UP_PORT/v1
    models: ["gpt-*"]
routes:
  - name: exact
    match: {model: gpt-4o-mini}
    target: {provider: static, model: gpt-4o-mini}
  - name: semantic
    match: {model: sim-judge}
    target: {provider: static, model: gpt-4o-mini}
    cache: {semantic: {threshold: $THRESHOLD}}
cache:
  namespace: semantic-bench-$$
$sem_pool
EOF
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM flags
EVALGATE_LOG_LEVEL=WARN java -Xms256m -Xmx256m -XX:+UseParallelGC ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" \
    serve --config "$tmp/gateway.yaml" 2>"$tmp/gateway.log" &
gw_pid=$!
pids+=("$gw_pid")
gw=http://127.0.0.1:$GW_PORT
if ! wait_http "$gw/healthz" 30 || ! kill -0 "$gw_pid" 2>/dev/null; then
    log "gateway not ready after 30 s:"; tail -n 40 "$tmp/gateway.log" >&2; exit 1
fi

# --- helpers --------------------------------------------------------------------------------
declare -A R # results: R[phase.key]

chat_json() { # model, system, user text
    printf '{"model":"%s","temperature":0,"messages":[{"role":"system","content":"%s"},{"role":"user","content":"%s"}]}' "$1" "$2" "$3"
}

# POSTs the file $2 and checks status 200 and X-Eval-Cache $3; $1 names the check.
smoke() {
    local name=$1 file=$2 want=$3 code cache
    code=$(curl -sS -o "$tmp/smoke.out" -D "$tmp/smoke.head" -w '%{http_code}' --max-time 10 \
        -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench-not-a-secret' \
        --data-binary "@$file" "$gw/v1/chat/completions" || true)
    cache=$(awk -F': *' 'tolower($1) == "x-eval-cache" {sub(/\r$/, "", $2); print $2}' "$tmp/smoke.head")
    if [[ $code != 200 || $cache != "$want" ]]; then
        fail "$name: HTTP $code, X-Eval-Cache '$cache' (expected 200, $want): $(head -c 300 "$tmp/smoke.out")"
    fi
}

scrape() { curl -fsS --max-time 5 "$gw/metrics" >"$tmp/metrics.$1"; }
metric() { # phase snapshot, series (name with labels, as printed) -> value (0 when absent)
    awk -v k="$2" '$1 == k {v = $2} END {printf "%.0f", v + 0}' "$tmp/metrics.$1"
}
metric_delta() { # before, after, series
    echo $(($(metric "$2" "$3") - $(metric "$1" "$3")))
}
lookups() { metric_delta "$1" "$2" "evalgate_cache_semantic_lookups_total{outcome=\"$3\"}"; }

# Quantile q of the probe histogram between two snapshots, in ms:
# "<interpolated> (<lower>–<upper>]", or "n/a" without probes.
probe_quantile() {
    awk -v q="$3" -v name=evalgate_cache_semantic_probe_duration_seconds_bucket '
        function le(s) { match(s, /le="[^"]*"/); return substr(s, RSTART + 4, RLENGTH - 5) }
        index($1, name "{") == 1 {
            if (FILENAME == ARGV[1]) { before[le($1)] = $2 } else { n++; bound[n] = le($1); after[n] = $2 }
        }
        END {
            for (i = 1; i <= n; i++) c[i] = after[i] - before[bound[i]]
            total = c[n]
            if (total <= 0) { print "n/a"; exit }
            rank = q * total
            for (i = 1; i <= n && c[i] < rank; i++) {}
            lo = i > 1 ? bound[i - 1] * 1000 : 0; below = i > 1 ? c[i - 1] : 0
            if (bound[i] == "+Inf") { printf "> %g\n", lo; exit }
            hi = bound[i] * 1000
            printf "%.1f (%g–%g]\n", lo + (hi - lo) * (rank - below) / (c[i] - below), lo, hi
        }' "$tmp/metrics.$1" "$tmp/metrics.$2"
}
probe_mean() { # ms
    local n s0 s1
    n=$(metric_delta "$1" "$2" evalgate_cache_semantic_probe_duration_seconds_count)
    s0=$(awk '$1 == "evalgate_cache_semantic_probe_duration_seconds_sum" {print $2}' "$tmp/metrics.$1")
    s1=$(awk '$1 == "evalgate_cache_semantic_probe_duration_seconds_sum" {print $2}' "$tmp/metrics.$2")
    awk -v n="$n" -v a="${s0:-0}" -v b="${s1:-0}" 'BEGIN {if (n > 0) printf "%.1f", (b - a) * 1000 / n; else print "n/a"}'
}

# CPU ticks per thread group of the gateway, and of the whole machine.
clk_tck=$(getconf CLK_TCK)
cpu_snapshot() { # name
    awk '{
            comm = substr($0, index($0, "(") + 1); comm = substr(comm, 1, length(comm) - length(strrchr(comm)))
            rest = substr($0, length($0) - length(strrchr($0)) + 3); split(rest, f, " ")
            g = "other"
            if (comm ~ /^evalgate-semant/) g = "semantic"
            else if (comm ~ /^multiThreadIoEv/) g = "loops"
            else if (comm ~ /^evalgate-miss/) g = "explainer"
            else if (comm ~ /^(GC Thread|VM Thread)/) g = "gc"
            else if (comm ~ /Compiler/) g = "jit"
            s[g] += f[12] + f[13]
        }
        function strrchr(x,   i) { i = length(x); while (i > 0 && substr(x, i, 1) != ")") i--; return substr(x, i) }
        END { for (g in s) print g, s[g] }' /proc/"$gw_pid"/task/*/stat 2>/dev/null >"$tmp/cpu.$1" || true
    sed 's/^.*) //' "/proc/$gw_pid/stat" | awk '{print "jvm", $12 + $13}' >>"$tmp/cpu.$1"
    # Per process outside this script's process tree (other engineers' builds), children's CPU
    # included once they are reaped. (/proc/stat's machine-wide busy time misses short bursts on
    # a tickless kernel; per-process times do not.)
    awk -v me=$$ '{
            rest = substr($0, length($0) - length(strrchr($0)) + 3); split(rest, f, " ")
            parent[$1] = f[2]; cpu[$1] = f[12] + f[13] + f[14] + f[15]; start[$1] = f[20]
        }
        function strrchr(x,   i) { i = length(x); while (i > 0 && substr(x, i, 1) != ")") i--; return substr(x, i) }
        END {
            for (p in parent) {
                q = p; mine = 0
                for (k = 0; k < 64 && q > 1; k++) { if (q == me) { mine = 1; break }; q = parent[q] }
                if (!mine) print p ":" start[p], cpu[p]
            }
        }' /proc/[0-9]*/stat 2>/dev/null >"$tmp/others.$1" || true
    echo "wall_ms $(($(date +%s%N) / 1000000))" >>"$tmp/cpu.$1"
}
cpu_delta() { # before, after, group -> ticks
    awk -v g="$3" 'FILENAME == ARGV[1] && $1 == g {a = $2} FILENAME == ARGV[2] && $1 == g {b = $2} END {print b - a}' \
        "$tmp/cpu.$1" "$tmp/cpu.$2"
}
cores() { # before, after, group -> cores used over the interval
    awk -v t="$(cpu_delta "$1" "$2" "$3")" -v hz="$clk_tck" -v ms="$(cpu_delta "$1" "$2" wall_ms)" \
        'BEGIN {printf "%.2f", (ms > 0 ? t / hz / (ms / 1000) : 0)}'
}
others_cores() { # before, after -> cores used by other processes (those that exited: lost)
    awk -v hz="$clk_tck" -v ms="$(cpu_delta "$1" "$2" wall_ms)" '
        FILENAME == ARGV[1] {a[$1] = $2; next}
        {d = $2 - ($1 in a ? a[$1] : 0); if (d > 0) t += d}
        END {printf "%.2f", (ms > 0 ? t / hz / (ms / 1000) : 0)}' "$tmp/others.$1" "$tmp/others.$2"
}
cpu_ms_per() { # before, after, group, count -> CPU ms per unit
    awk -v t="$(cpu_delta "$1" "$2" "$3")" -v hz="$clk_tck" -v n="$4" \
        'BEGIN {if (n > 0) printf "%.1f", t * 1000 / hz / n; else print "n/a"}'
}

# Exact hits at $RATE req/s for $DURATION s; nearest-rank p50/p99/p99.9 from h2load's log.
fixed_rate() { # phase
    local p=$1
    log "$p: exact hits at $RATE req/s for ${DURATION}s (h2load --h1 -c$RATE_CONNS --rps $((RATE / RATE_CONNS)))"
    h2load --h1 -t1 -c"$RATE_CONNS" --rps $((RATE / RATE_CONNS)) -D "$DURATION" --warm-up-time 1 \
        -d "$body" -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench-not-a-secret' \
        --log-file "$tmp/$p.h2log" "$gw/v1/chat/completions" >"$tmp/$p.h2load"
    grep -E '^(finished|requests|status codes)' "$tmp/$p.h2load" >&2 || true
    R[$p.n]=$(wc -l <"$tmp/$p.h2log")
    R[$p.non2xx]=$(awk -F'\t' '$2 < 200 || $2 > 299' "$tmp/$p.h2log" | wc -l)
    R[$p.failed]=$(awk '$1 == "requests:" {print $10 + $12 + $14}' "$tmp/$p.h2load")
    ((R[$p.non2xx] + ${R[$p.failed]:-0} == 0)) ||
        fail "$p: exact hits: ${R[$p.non2xx]} non-2xx, ${R[$p.failed]:-?} failed/errored/timed out of ${R[$p.n]}"
    read -r R[$p.p50] R[$p.p99] R[$p.p999] < <(cut -f3 "$tmp/$p.h2log" | sort -n | awk '
        {v[NR] = $1}
        END {
            if (NR == 0) { print "nan nan nan"; exit }
            i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999); i999 = int(NR * 0.999 + 0.999999)
            printf "%.3f %.3f %.3f\n", v[i50] / 1000, v[i99] / 1000, v[i999] / 1000
        }')
}

# wrk with bench/semantic.lua, extra env as VAR=value arguments; wrk_results reads its summary
# into R[phase.*] (apart, so that wrk can run in the background).
wrk_exec() { # phase, seconds, connections, VAR=value...
    local p=$1 secs=$2 conns=$3
    shift 3
    env "$@" wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s -s "$here/semantic.lua" "$gw" >"$tmp/$p.wrk" 2>&1 || true
}
wrk_results() { # phase
    local p=$1 line
    line=$(grep '^BENCH ' "$tmp/$p.wrk" || true)
    if [[ -z $line ]]; then
        cat "$tmp/$p.wrk" >&2
        fail "$p: wrk printed no summary"
        return 0
    fi
    kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    R[$p.requests]=$(kv requests)
    R[$p.rps]=$(awk -v n="$(kv requests)" -v d="$(kv duration_us)" 'BEGIN {printf "%.1f", n / (d / 1e6)}')
    R[$p.non2xx]=$(kv non2xx)
    R[$p.sockerr]=$(($(kv connect) + $(kv read) + $(kv write) + $(kv timeout)))
    R[$p.p50]=$(awk -v v="$(kv p50_us)" 'BEGIN {printf "%.3f", v / 1000}')
    R[$p.p99]=$(awk -v v="$(kv p99_us)" 'BEGIN {printf "%.3f", v / 1000}')
    R[$p.cache]=$(kv cache)
    log "$p: ${R[$p.requests]} requests, ${R[$p.rps]} req/s, p50 ${R[$p.p50]} ms, p99 ${R[$p.p99]} ms," \
        "X-Eval-Cache ${R[$p.cache]}, non-2xx ${R[$p.non2xx]}, socket errors ${R[$p.sockerr]}"
    ((R[$p.non2xx] + R[$p.sockerr] == 0)) || fail "$p: ${R[$p.non2xx]} non-2xx, ${R[$p.sockerr]} socket errors"
}
cache_count() { # phase, X-Eval-Cache value
    tr ',' '\n' <<<"${R[$1.cache]:-}" | awk -F: -v k="$2" '$1 == k {n = $2} END {print n + 0}'
}

# Exact hits at $RATE req/s while wrk drives the semantic route from $LEAD s before to $LEAD s
# after; gateway metrics and CPU are read around the whole semantic load.
under_load() { # phase, VAR=value... for semantic.lua
    local p=$1 wrk_job
    shift
    scrape "$p.before"
    cpu_snapshot "$p.before"
    wrk_exec "$p.sem" $((DURATION + 1 + 2 * LEAD)) "$SEM_CONNS" SEM_WORDS="$SEM_WORDS" "$@" &
    wrk_job=$!
    sleep "$LEAD"
    fixed_rate "$p"
    wait "$wrk_job" || true
    cpu_snapshot "$p.after"
    scrape "$p.after"
    wrk_results "$p.sem"
}

# --- smoke checks and warm-up ---------------------------------------------------------------
log "recording one exact entry"
smoke "exact record" "$body" MISS
smoke "exact replay" "$body" HIT

log "warm-up ${WARMUP}s: exact hits and semantic misses together, then ${SETTLE}s idle"
BENCH_BODY=$body wrk -t1 -c"$RATE_CONNS" -d"${WARMUP}s" -s "$here/chat.lua" "$gw" >/dev/null &
warm_job=$!
wrk_exec warmup "$WARMUP" "$SEM_CONNS" SEM_MODE=unique SEM_SYSTEM="$SYS_WARM" SEM_WORDS="$SEM_WORDS"
wait "$warm_job" || true
wrk_results warmup
sleep "$SETTLE"

# --- A1, B, B0, A2 --------------------------------------------------------------------------
cpu_snapshot A1.before
fixed_rate A1
cpu_snapshot A1.after

log "B: semantic route, wrk -t1 -c$SEM_CONNS closed loop, a new text per request"
under_load B SEM_MODE=unique SEM_SYSTEM="$SYS_LOAD"

if [[ $CONTROL == 1 ]]; then
    # Pace each connection so the control sends about B's rate (less a ~2 ms answer time).
    pause=$(awk -v c="$SEM_CONNS" -v r="${R[B.sem.rps]:-0}" 'BEGIN {d = r > 0 ? int(c * 1000 / r) - 2 : 0; print (d > 0 ? d : 0)}')
    log "B0: the same traffic with X-Eval-Cache-Semantic: off, ${pause} ms pause per request and connection"
    under_load B0 SEM_MODE=unique SEM_SYSTEM="$SYS_CONTROL" SEM_OFF=1 SEM_DELAY_MS="$pause"
fi

cpu_snapshot A2.before
fixed_rate A2
cpu_snapshot A2.after

# --- C: a semantic hit against an exact hit, same client, same pace --------------------------
log "C: recording \"$BASE_TEXT\" on the semantic route"
chat_json sim-judge "$SYS_HIT" "$BASE_TEXT" >"$tmp/base.json"
scrape C.record
entries0=$(metric C.record evalgate_cache_semantic_entries)
smoke "semantic record" "$tmp/base.json" MISS
for ((i = 0; i < 100; i++)); do # the entry is indexed after the answer is stored
    scrape C.before
    (($(metric C.before evalgate_cache_semantic_entries) > entries0)) && break
    sleep 0.1
done
(($(metric C.before evalgate_cache_semantic_entries) > entries0)) || fail "semantic record: not indexed after 10 s"
pace=$((1000 / HIT_RATE))
log "C: paraphrases, wrk -c1 with ${pace} ms between requests, ${HIT_DURATION}s"
cpu_snapshot C.before
wrk_exec C.sem "$HIT_DURATION" 1 SEM_MODE=paraphrase SEM_SYSTEM="$SYS_HIT" SEM_DELAY_MS="$pace"
cpu_snapshot C.after
scrape C.after
wrk_results C.sem
log "C: exact hits, the same client and pace"
wrk_exec C.exact "$HIT_DURATION" 1 SEM_MODE=fixed SEM_BODY="$body" SEM_DELAY_MS="$pace"
wrk_results C.exact
n=$(cache_count C.sem SEMANTIC-HIT)
((n == ${R[C.sem.requests]:-0})) || fail "C: $n of ${R[C.sem.requests]:-0} paraphrases were SEMANTIC-HIT (${R[C.sem.cache]:-})"
n=$(cache_count C.exact HIT)
((n == ${R[C.exact.requests]:-0})) || fail "C: $n of ${R[C.exact.requests]:-0} exact replays were HIT (${R[C.exact.cache]:-})"

if grep -qE 'WARN|ERROR' "$tmp/gateway.log"; then
    log "gateway log has warnings/errors (first 20 lines):"
    grep -E 'WARN|ERROR' "$tmp/gateway.log" | head -n 20 >&2
fi
load_end=$(load_avg)

# --- report ---------------------------------------------------------------------------------
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
mkdir -p "$here/out"
out=$here/out/semantic-$stamp.md
exact_row() { # phase, label, alongside
    local p=$1
    [[ -n ${R[$p.p50]:-} ]] || return 0
    echo "| $2 | ${R[$p.p50]} | ${R[$p.p99]} | ${R[$p.p999]} | ${R[$p.n]} | $3 | $(cores "$p.before" "$p.after" jvm) / $(cores "$p.before" "$p.after" jit) | $(others_cores "$p.before" "$p.after") |"
}
load_row() { # phase, label
    local p=$1 hit miss err searched timed
    [[ -n ${R[$p.sem.rps]:-} ]] || return 0
    hit=$(lookups "$p.before" "$p.after" hit)
    miss=$(lookups "$p.before" "$p.after" miss)
    err=$(lookups "$p.before" "$p.after" error)
    searched=$((hit + miss + err))
    timed=$(metric_delta "$p.before" "$p.after" evalgate_cache_semantic_probe_duration_seconds_count)
    echo "| $2 | ${R[$p.sem.rps]} | ${R[$p.sem.non2xx]} / ${R[$p.sem.sockerr]} | ${R[$p.sem.p50]} / ${R[$p.sem.p99]}" \
        "| $searched: $hit / $miss / $err | $(lookups "$p.before" "$p.after" busy) | $timed" \
        "| $(probe_quantile "$p.before" "$p.after" 0.5) | $(probe_quantile "$p.before" "$p.after" 0.99) | $(probe_mean "$p.before" "$p.after")" \
        "| $(cpu_ms_per "$p.before" "$p.after" semantic "$searched")" \
        "| $(cores "$p.before" "$p.after" semantic) / $(cores "$p.before" "$p.after" loops) / $(cores "$p.before" "$p.after" explainer) / $(cores "$p.before" "$p.after" jvm) | $(others_cores "$p.before" "$p.after") |"
}
{
    echo "## evalgate semantic tier benchmark, $stamp"
    echo
    echo "- commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -r), $(java -version 2>&1 | head -n1)"
    echo "- load average (1/5/15 min) at start $load_start, at end $load_end"
    echo "- semantic route: threshold $THRESHOLD; cache.semantic workers ${SEM_WORKERS:-default}, queue ${SEM_QUEUE:-default}; in-process cache"
    echo "- exact hits: h2load --h1 -c$RATE_CONNS at $RATE req/s for ${DURATION}s, $(wc -c <"$body") B body; nearest-rank percentiles"
    echo "- semantic load: wrk -t1 -c$SEM_CONNS, a new \"Case <n>: <$SEM_WORDS words>\" text per request, from ${LEAD}s before to ${LEAD}s after the exact-hit measurement"
    echo
    echo "| exact hits @$RATE/s | p50 ms | p99 ms | p99.9 ms | requests | alongside | gateway cores: all / JIT | other processes, cores |"
    echo "|---|---:|---:|---:|---:|---|---:|---:|"
    exact_row A1 "A1 alone" "nothing"
    exact_row B "B with semantic load" "${R[B.sem.rps]:-?} semantic req/s"
    exact_row B0 "B0 with control load" "${R[B0.sem.rps]:-?} req/s on the semantic route, semantic off"
    exact_row A2 "A2 alone again" "nothing"
    echo
    echo "| semantic-route load | req/s | non-2xx / socket errors | client p50 / p99 ms | probes searched: hit / miss / error | busy skips | probes timed | probe p50 ms | probe p99 ms | probe mean ms | semantic-thread CPU ms / searched probe | cores used: semantic threads / event loops / miss explainer / whole JVM | other processes, cores |"
    echo "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|"
    load_row B "B: probes on"
    load_row B0 "B0: X-Eval-Cache-Semantic: off"
    echo
    c_probes=$(metric_delta C.before C.after evalgate_cache_semantic_probe_duration_seconds_count)
    echo "| one client, ~$HIT_RATE req/s, ${HIT_DURATION}s | req/s | p50 ms | p99 ms | X-Eval-Cache | probe p50 ms | probe p99 ms | probe mean ms | semantic-thread CPU ms / probe |"
    echo "|---|---:|---:|---:|---|---:|---:|---:|---:|"
    echo "| semantic hit (paraphrase) | ${R[C.sem.rps]:-} | ${R[C.sem.p50]:-} | ${R[C.sem.p99]:-} | ${R[C.sem.cache]:-} | $(probe_quantile C.before C.after 0.5) | $(probe_quantile C.before C.after 0.99) | $(probe_mean C.before C.after) | $(cpu_ms_per C.before C.after semantic "$c_probes") |"
    echo "| exact hit | ${R[C.exact.rps]:-} | ${R[C.exact.p50]:-} | ${R[C.exact.p99]:-} | ${R[C.exact.cache]:-} | | | | |"
    echo
    echo "Probe percentiles: interpolated within the histogram bucket, bucket bounds in ms in brackets;"
    echo "the histogram times probes that reached a hit or a miss (since 3db6aae; before it, skipped"
    echo "probes were timed at ~0 ms). Busy skips: evalgate_cache_semantic_lookups_total{outcome=\"busy\"},"
    echo "one per request (since 3db6aae; before it, a skipped request's indexing counted again)."
    if ((${#failures[@]} > 0)); then
        echo
        echo "**Failures:**"
        printf -- '- %s\n' "${failures[@]}"
    fi
} | tee "$out"
log "wrote $out"
((${#failures[@]} == 0))
