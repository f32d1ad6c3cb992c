#!/usr/bin/env bash
# Load benchmark: one fast static upstream, measured several ways, one after another:
#   direct             client -> upstream (nginx answering a canned body from its config)
#   nginx-static       client -> nginx serving the same body from a static file
#   nginx              client -> nginx reverse proxy (keepalive upstream pool) -> upstream
#   gateway            client -> evalgate (cache off: the bare proxy path) -> upstream
#   gateway-miss       client -> evalgate, cache on (L1 + Redis), every request new: key,
#                      L1 and Redis lookups, miss explanation, upstream call, store
#   nginx-cache        client -> nginx with proxy_cache (POST, keyed on the body): cached hits
#   gateway-hit        client -> evalgate exact-cache hits, L1 in front of Redis (the
#                      production setup; REDIS_URL, default redis://127.0.0.1:6379)
#   gateway-stream-hit the same hits requested with "stream": true: replayed as SSE
#   gateway-redis-hit  exact-cache hits from Redis alone (L1 off)
# so what differs between rows is the proxy, not the upstream. Every request of a hit row has
# the same body, so after the first one it measures hits only.
#
# Needs (Debian 12; bench/setup.sh installs them idempotently):
#   apt-get install -y nginx-light wrk nghttp2-client curl
# plus a JDK >= 17 and Maven for the gateway. Debian packages neither wrk2 nor vegeta, so
# fixed-rate latency comes from h2load (nghttp2-client) in HTTP/1.1 mode (--h1 --rps).
#
# Per target:
#   req/s      wrk -t2 -c32 for $DURATION (closed loop, saturation), after $WARMUP of the same
#              (gateway-miss: bench/chat-miss.lua makes every request a new one)
#   p50/p99/p99.9  h2load --h1 at a fixed $RATE req/s total (10 connections x RATE/10),
#              percentiles computed from its per-request log. Open-loop per connection; a
#              request that cannot start on time waits for its connection (no coordinated-
#              omission fix, irrelevant while latency << 20 ms, the per-connection interval
#              at 500 req/s). h2load sends one body only, so gateway-miss's fixed-rate phase
#              sends X-Eval-Cache-Mode: refresh (key, upstream call and store, no lookup).
#   CPU us/req utime+stime delta of the measured process (/proc/<pid>/stat, all threads)
#              over the saturation phase / requests completed in it. For "direct" the
#              measured process is the upstream nginx worker itself.
#   RSS        peak VmRSS sampled every 0.5 s during saturation, and VmHWM at its end.
#   heap       the gateway's used heap (jvm_memory_used_bytes, area heap) at the end of
#              saturation, from its /metrics.
# At the end, a table checks issue 9's goals as ratios within this one run.
#
# Choices: both nginx instances run worker_processes 1 (one worker = the small deployment
# the gateway is sized against; the upstream gets one worker so it is equally cheap in all
# rows). keepalive_requests is raised so no side recycles connections mid-run. The gateway
# runs with EVALGATE_LOG_LEVEL=WARN: at INFO its one-line-per-request access log would be
# the thing measured. nginx has access_log off for the same reason.
#
# The Redis rows store with cache.ttl 15m, so a run's entries leave a shared Redis on their own.
#
# Everything binds 127.0.0.1 only. Processes started here are killed by the EXIT trap.
#
# Usage: bench/setup.sh && bench/load.sh
# Env:   DURATION=10 WARMUP=5 RATE=500 CONNS=32 THREADS=2 HEAP=256m
#        TARGETS="direct nginx-static nginx gateway gateway-miss nginx-cache gateway-hit
#                 gateway-stream-hit gateway-redis-hit"
#        REBUILD=1 forces `mvn package` of the gateway (otherwise only when the jar is missing)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
RATE=${RATE:-500}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
TARGETS=${TARGETS:-direct nginx-static nginx gateway gateway-miss nginx-cache gateway-hit gateway-stream-hit gateway-redis-hit}
HEAP=${HEAP:-256m}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
# GATEWAY_JAVA_OPTS: extra JVM flags for the gateway, e.g. a CPU profile with JFR:
#   GATEWAY_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile"
UP_PORT=${UP_PORT:-18081}
NGX_PORT=${NGX_PORT:-18082}
GW_PORT=${GW_PORT:-18080}
JAR=$root/gateway/target/evalgate.jar
RATE_CONNS=10

bench_init load
need_tools nginx wrk h2load curl awk java

# --- request body: an OpenAI chat request padded to 1024 bytes ------------------------------
body=$tmp/body.json
make_body
stream_body=$tmp/stream-body.json
sed 's/"temperature":0,/"temperature":0,"stream":true,/' "$body" >"$stream_body"
grep -q '"stream":true' "$stream_body" || { log "could not make the streamed body"; exit 1; }
mkdir -p "$tmp/static"
printf '%s' "$canned" >"$tmp/static/answer.json"

# --- upstream and proxy nginx ---------------------------------------------------------------

start_nginx() { # dir -> sets started_pid (master), worker_pid
    nginx -p "$1" -c "$1/nginx.conf" -e stderr 2>>"$1/stderr.log" &
    started_pid=$!
    pids+=("$started_pid")
    local i
    worker_pid=
    for ((i = 0; i < 50; i++)); do
        worker_pid=$(pgrep -P "$started_pid" | head -n1 || true)
        [[ -n $worker_pid ]] && return 0
        sleep 0.1
    done
    log "nginx in $1 did not start:"; cat "$1/stderr.log" >&2; exit 1
}

nginx_conf "$tmp/up" "    default_type application/json;
    server {
        listen 127.0.0.1:$UP_PORT backlog=4096;
        location / { return 200 '$canned'; }
    }"
# A static file answers POST only through error_page: the static module refuses POST (405).
nginx_conf "$tmp/static-srv" "    default_type application/json;
    server {
        listen 127.0.0.1:$NGX_PORT backlog=4096;
        root $tmp/static;
        location / { rewrite ^ /answer.json break; error_page 405 =200 \$uri; }
    }"
nginx_conf "$tmp/proxy" "    upstream backend {
        server 127.0.0.1:$UP_PORT;
        keepalive 64;
        keepalive_requests 10000000;
    }
    server {
        listen 127.0.0.1:$NGX_PORT backlog=4096;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_buffering on;
        }
    }"

nginx_conf "$tmp/cache" "    proxy_cache_path $tmp/cache/store keys_zone=llm:10m max_size=100m;
    upstream backend {
        server 127.0.0.1:$UP_PORT;
        keepalive 64;
        keepalive_requests 10000000;
    }
    server {
        listen 127.0.0.1:$NGX_PORT backlog=4096;
        client_body_buffer_size 64k;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_cache llm;
            proxy_cache_methods POST;
            proxy_cache_key \"\$request_uri|\$request_body\";
            proxy_cache_valid 200 10m;
        }
    }"

# --- measurement ----------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

declare -A R # results: R[target.key]

measure() { # target, base url, pid of the measured process[, body file[, wrk script[, fixed-rate header]]]
    local t=$1 url=$2 pid=$3 b=${4:-$body} script=${5:-$here/chat.lua} extra=${6:-X-Bench: 1} code
    code=$(curl -sS -o "$tmp/$t.smoke" -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json' \
        -H 'Authorization: Bearer sk-bench-not-a-secret' --data-binary "@$b" "$url/v1/chat/completions" || true)
    R[$t.smoke]=$code
    if [[ $code != 200 ]]; then
        log "$t: smoke request got HTTP $code: $(head -c 300 "$tmp/$t.smoke")"
    fi

    log "$t: warm-up ${WARMUP}s"
    BENCH_BODY=$b wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$script" "$url" >/dev/null

    log "$t: saturation ${DURATION}s (wrk -t$THREADS -c$CONNS)"
    local c0 c1 peak=0 sampler
    (
        m=0
        while kill -0 "$pid" 2>/dev/null; do
            v=$(status_kib "$pid" VmRSS || echo 0)
            ((v > m)) && m=$v && echo "$m" >"$tmp/$t.rss"
            sleep 0.5
        done
    ) &
    sampler=$!
    c0=$(cpu_ticks "$pid")
    BENCH_BODY=$b wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$script" "$url" >"$tmp/$t.wrk"
    c1=$(cpu_ticks "$pid")
    R[$t.heap]=$(curl -fsS --max-time 2 "$url/metrics" 2>/dev/null |
        awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ {s += $NF} END {if (s) printf "%.0f", s / 1048576}' || true)
    R[$t.hwm]=$(status_kib "$pid" VmHWM)
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    [[ -s $tmp/$t.rss ]] && peak=$(cat "$tmp/$t.rss")
    R[$t.rss]=$peak
    cat "$tmp/$t.wrk" >&2

    local line
    line=$(grep '^BENCH ' "$tmp/$t.wrk")
    kv() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$line"; }
    local n dur
    n=$(kv requests); dur=$(kv duration_us)
    R[$t.rps]=$(awk -v n="$n" -v d="$dur" 'BEGIN {printf "%.0f", n / (d / 1e6)}')
    R[$t.non2xx]=$(kv non2xx)
    R[$t.sockerr]=$(($(kv connect) + $(kv read) + $(kv write) + $(kv timeout)))
    R[$t.cpu]=$(awk -v t=$((c1 - c0)) -v hz="$clk_tck" -v n="$n" 'BEGIN {printf "%.1f", n ? t * 1e6 / hz / n : 0}')

    log "$t: fixed rate ${RATE} req/s for ${DURATION}s (h2load --h1 -c$RATE_CONNS --rps $((RATE / RATE_CONNS)))"
    h2load --h1 -t1 -c"$RATE_CONNS" --rps $((RATE / RATE_CONNS)) -D "$DURATION" --warm-up-time 1 \
        -d "$b" -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench-not-a-secret' -H "$extra" \
        --log-file "$tmp/$t.h2log" "$url/v1/chat/completions" >"$tmp/$t.h2load"
    grep -E '^(finished|requests|status codes)' "$tmp/$t.h2load" >&2 || true
    R[$t.fixed_n]=$(wc -l <"$tmp/$t.h2log")
    R[$t.fixed_non2xx]=$(awk -F'\t' '$2 < 200 || $2 > 299' "$tmp/$t.h2log" | wc -l)
    # nearest-rank percentiles of the per-request time (column 3, microseconds)
    read -r R[$t.p50] R[$t.p99] R[$t.p999] < <(cut -f3 "$tmp/$t.h2log" | sort -n | awk '
        {v[NR] = $1}
        END {
            if (NR == 0) { print "nan nan nan"; exit }
            i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999); i999 = int(NR * 0.999 + 0.999999)
            printf "%.3f %.3f %.3f\n", v[i50] / 1000, v[i99] / 1000, v[i999] / 1000
        }')
}

# --- run ------------------------------------------------------------------------------------
start_nginx "$tmp/up"
up_worker=$worker_pid
wait_http "http://127.0.0.1:$UP_PORT/" 10 || { log "upstream not ready"; cat "$tmp/up/stderr.log" >&2; exit 1; }

ran=()
for target in $TARGETS; do
    case $target in
    direct)
        measure direct "http://127.0.0.1:$UP_PORT" "$up_worker"
        ;;
    nginx)
        start_nginx "$tmp/proxy"
        wait_http "http://127.0.0.1:$NGX_PORT/" 10 || { log "nginx proxy not ready"; exit 1; }
        measure nginx "http://127.0.0.1:$NGX_PORT" "$worker_pid"
        kill "$started_pid"
        ;;
    nginx-cache)
        start_nginx "$tmp/cache"
        wait_http "http://127.0.0.1:$NGX_PORT/" 10 || { log "nginx cache not ready"; exit 1; }
        measure nginx-cache "http://127.0.0.1:$NGX_PORT" "$worker_pid"
        kill "$started_pid"
        ;;
    nginx-static)
        start_nginx "$tmp/static-srv"
        wait_http "http://127.0.0.1:$NGX_PORT/" 10 || { log "nginx static not ready"; exit 1; }
        measure nginx-static "http://127.0.0.1:$NGX_PORT" "$worker_pid"
        kill "$started_pid"
        ;;
    gateway | gateway-miss | gateway-hit | gateway-stream-hit | gateway-redis-hit)
        args=()
        case $target in
        gateway) cache_yaml="cache: {enabled: false}" ;;
        gateway-miss)
            cache_yaml="cache: {namespace: bench-$$-miss, ttl: 15m, redis: {url: \"$REDIS_URL\"}}"
            args=("$body" "$here/chat-miss.lua" "X-Eval-Cache-Mode: refresh")
            ;;
        gateway-hit) cache_yaml="cache: {namespace: bench-$$, ttl: 15m, redis: {url: \"$REDIS_URL\"}}" ;;
        gateway-stream-hit)
            cache_yaml="cache: {namespace: bench-$$, ttl: 15m, redis: {url: \"$REDIS_URL\"}}"
            args=("$stream_body")
            ;;
        gateway-redis-hit) cache_yaml="cache: {namespace: bench-$$, ttl: 15m, l1_max_bytes: 0, redis: {url: \"$REDIS_URL\"}}" ;;
        esac
        ensure_jar || { log "gateway build failed: skipping the gateway row"; R[$target.skip]="build failed"; ran+=("$target"); continue; }
        cat >"$tmp/gateway.yaml" <<EOF
server: {host: 127.0.0.1, port: $GW_PORT, io_threads: 2, drain_timeout: 1s}
providers:
  static:
    kind: openai
    base_url: http://127.0.0.1:$UP_PORT/v1
    models: ["gpt-*"]
$cache_yaml
EOF
        # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM flags
        EVALGATE_LOG_LEVEL=WARN java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseParallelGC ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" \
            serve --config "$tmp/gateway.yaml" 2>"$tmp/gateway.log" &
        gw_pid=$!
        pids+=("$gw_pid")
        if ! wait_http "http://127.0.0.1:$GW_PORT/healthz" 30; then
            log "gateway not ready after 30 s:"; tail -n 40 "$tmp/gateway.log" >&2
            R[$target.skip]="did not start"; ran+=("$target"); continue
        fi
        if [[ $target == gateway-stream-hit ]]; then
            # record the plain answer first: a streamed request for it is then a hit replayed as SSE
            curl -fsS -o /dev/null --max-time 5 -H 'Content-Type: application/json' \
                --data-binary "@$body" "http://127.0.0.1:$GW_PORT/v1/chat/completions" || true
        fi
        measure "$target" "http://127.0.0.1:$GW_PORT" "$gw_pid" "${args[@]}"
        if grep -qE 'WARN|ERROR' "$tmp/gateway.log"; then
            log "gateway log has warnings/errors (first 20 lines):"
            grep -E 'WARN|ERROR' "$tmp/gateway.log" | head -n 20 >&2
        fi
        kill "$gw_pid"
        wait "$gw_pid" 2>/dev/null || true
        ;;
    *) log "unknown target $target"; exit 2 ;;
    esac
    ran+=("$target")
done

# --- report ---------------------------------------------------------------------------------
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
mkdir -p "$here/out"
out=$here/out/load-$stamp.md
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
added() { awk -v a="${R[$1.$2]}" -v b="${R[direct.$2]}" 'BEGIN {printf "%+.3f", a - b}'; }
goal() { # text, target, baseline, key, ratio|diff, op, bound
    local text=$1 t=$2 base=$3 key=$4 kind=$5 op=$6 bound=$7
    if [[ -z ${R[$t.$key]:-} || -z ${R[$base.$key]:-} ]]; then
        echo "| $text | not measured ($t or $base not run) | — |"
        return
    fi
    awk -v a="${R[$t.$key]}" -v b="${R[$base.$key]}" -v kind="$kind" -v op="$op" -v bound="$bound" -v text="$text" \
        -v t="$t" -v base="$base" 'BEGIN {
        v = kind == "ratio" ? (b ? a / b : 0) : a - b
        ok = op == ">=" ? v >= bound : v <= bound
        shown = kind == "ratio" ? sprintf("%s / %s = %.2f", a, b, v) : sprintf("%s − %s = %+.3f ms", a, b, v)
        printf "| %s | %s (%s vs %s) | %s |\n", text, shown, t, base, ok ? "yes" : "no"
    }'
}
{
    echo "## evalgate load benchmark, $stamp"
    echo
    echo "- commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -r)"
    echo "- $(nginx -v 2>&1), $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2), h2load $(h2load --version | awk '{print $NF}'), $(java -version 2>&1 | head -n1)"
    echo "- saturation: wrk -t$THREADS -c$CONNS -d${DURATION}s after ${WARMUP}s warm-up; latency: h2load --h1 -c$RATE_CONNS at $RATE req/s for ${DURATION}s; body $(wc -c <"$body") B"
    echo "- load generator, upstream and proxy share the same cores"
    echo
    echo "| target | req/s (c$CONNS) | non-2xx / socket errors | p50 / p99 / p99.9 ms @$RATE/s | p50 / p99 added vs direct | CPU µs/req | RSS peak / HWM MiB | heap used MiB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for t in "${ran[@]}"; do
        if [[ -n ${R[$t.skip]:-} ]]; then
            echo "| $t | not run: ${R[$t.skip]} | | | | | | |"
            continue
        fi
        added=—
        if [[ $t != direct && -n ${R[direct.p50]:-} ]]; then
            added="$(added "$t" p50) / $(added "$t" p99)"
        fi
        name=$t; [[ $t == direct ]] && name="direct (upstream worker)"
        errs="${R[$t.non2xx]} / ${R[$t.sockerr]}"
        ((R[$t.fixed_non2xx] > 0)) && errs+=" (fixed-rate non-2xx: ${R[$t.fixed_non2xx]}/${R[$t.fixed_n]})"
        [[ ${R[$t.smoke]} != 200 ]] && errs+=" (smoke HTTP ${R[$t.smoke]})"
        echo "| $name | ${R[$t.rps]} | $errs | ${R[$t.p50]} / ${R[$t.p99]} / ${R[$t.p999]} | $added | ${R[$t.cpu]} | $(mib "${R[$t.rss]}") / $(mib "${R[$t.hwm]}") | ${R[$t.heap]:-—} |"
    done
    echo
    echo "Issue 9's goals, as ratios within this run:"
    echo
    echo "| goal | this run | met? |"
    echo "|---|---|---|"
    goal "miss-path throughput ≥ 60 % of nginx as a proxy" gateway-miss nginx rps ratio ">=" 0.60
    goal "miss-path CPU per request ≤ 2× nginx's" gateway-miss nginx cpu ratio "<=" 2.0
    goal "added p50 ≤ 0.15 ms over direct at $RATE req/s (miss path)" gateway-miss direct p50 diff "<=" 0.15
    goal "added p99 ≤ 0.75 ms over direct at $RATE req/s (miss path)" gateway-miss direct p99 diff "<=" 0.75
    goal "exact-hit throughput (L1 + Redis) ≥ 60 % of nginx proxy_cache hits" gateway-hit nginx-cache rps ratio ">=" 0.60
    rss_max=0
    for t in "${ran[@]}"; do
        [[ $t == gateway* && -n ${R[$t.hwm]:-} ]] && ((R[$t.hwm] > rss_max)) && rss_max=${R[$t.hwm]}
    done
    if ((rss_max > 0)); then
        echo "| gateway RSS ≤ 256 MiB under load (-Xmx$HEAP) | $(mib "$rss_max") MiB (highest VmHWM of the gateway rows) | $( ((rss_max <= 256 * 1024)) && echo yes || echo no) |"
    fi
} | tee "$out"
log "wrote $out"
