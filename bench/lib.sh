# Shared by the bench/*.sh scripts (sourced, not run): the fast static upstream's canned answer,
# the 1024-byte chat request, a scratch directory with the processes to kill on exit, and the
# helpers that check tools, build the gateway, start nginx and wait for it.

# What the static upstream answers to every request.
canned='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Correct."},"finish_reason":"stop"}],"usage":{"prompt_tokens":212,"completion_tokens":2,"total_tokens":214}}'

# Writes load.sh's request to $body: an OpenAI chat request padded to 1024 bytes.
make_body() {
    local head='{"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"system","content":"You are a terse grader. Answer with one word."},{"role":"user","content":"'
    local tail='"}]}'
    local filler='Grade the following answer for factual accuracy against the reference. '
    local pad='' need=$((1024 - ${#head} - ${#tail}))
    while ((${#pad} < need)); do pad+=$filler; done
    printf '%s%s%s' "$head" "${pad:0:need}" "$tail" >"$body"
}

# Writes an nginx.conf under a directory, around a server block.
nginx_conf() { # dir, server block
    local d=$1 server=$2
    mkdir -p "$d"
    cat >"$d/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $d/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $d/body;
    proxy_temp_path $d/proxy;
    fastcgi_temp_path $d/fastcgi;
    uwsgi_temp_path $d/uwsgi;
    scgi_temp_path $d/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 75s;
$server
}
EOF
}

# Polls a URL until it answers 2xx; false after the given seconds.
wait_http() { # url, seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# Exits unless every named tool is installed.
need_tools() { # tool...
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null || { echo "$bench_name.sh: $t not found (run bench/setup.sh)" >&2; exit 1; }
    done
}

# Makes the scratch directory $tmp and an empty $pids; on exit every pid in $pids is killed and
# waited for, and $tmp removed. The name prefixes log lines.
bench_init() { # name
    bench_name=$1
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/evalgate-$1.XXXXXX")
    chmod 755 "$tmp" # nginx workers may drop to nobody when started as root
    pids=()
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}

log() { echo "$bench_name.sh: $*" >&2; }

# Builds the gateway jar ($JAR) when it is missing or REBUILD=1; false when the build fails.
ensure_jar() {
    if [[ ! -f $JAR || ${REBUILD:-0} == 1 ]]; then
        log "building the gateway"
        (cd "$root" && mvn -B -q -DskipTests -pl gateway -am package)
    fi
}
