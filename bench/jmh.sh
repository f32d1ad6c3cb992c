#!/usr/bin/env bash
# JMH benchmarks of the hot functions (benchmarks/ module): canonicalise + key a request,
# envelope encode/decode, SSE re-emission of a cached answer. Builds the self-contained
# benchmarks/target/benchmarks.jar through the reactor (profile "bench"), runs it with the
# allocation profiler (-prof gc) and prints, per benchmark, the time per operation and the
# bytes allocated per operation (gc.alloc.rate.norm). Figures are in docs/benchmarks.md.
#
# Usage: bench/jmh.sh [JMH options and benchmark regexps...]
#   bench/jmh.sh                                   # everything, short defaults (about 6 min)
#   bench/jmh.sh CacheKey                          # one class
#   bench/jmh.sh 'Envelope.*decode' -p answerBytes=51200
#   ITERS=10 FORKS=2 bench/jmh.sh                  # longer, steadier
#
# Environment (defaults in brackets): FORKS [1], WARMUP_ITERS [3], WARMUP_TIME [1s],
# ITERS [5], ITER_TIME [1s], BUILD [1] (0 = run the jar already built), MVN_FLAGS [-o]
# (offline; set to "" when ~/.m2 lacks JMH), JAR [benchmarks/target/benchmarks.jar] (with
# BUILD=0, another build's jar: copy it away before a change to compare before and after).
# The raw JMH output and its JSON go to bench/out/jmh-<time>.{txt,json}.
#
# The build is always the reactor (-am): building the module alone would take the other
# modules from ~/.m2, which may hold an older install of them.
#
# The machine matters: the script prints the load average before and after, since a busy
# machine inflates times (allocations per operation hardly move).
set -euo pipefail
cd "$(dirname "$0")/.."

FORKS=${FORKS:-1}
WARMUP_ITERS=${WARMUP_ITERS:-3}
WARMUP_TIME=${WARMUP_TIME:-1s}
ITERS=${ITERS:-5}
ITER_TIME=${ITER_TIME:-1s}
BUILD=${BUILD:-1}
MVN_FLAGS=${MVN_FLAGS--o}
JAR=${JAR:-benchmarks/target/benchmarks.jar}

if [[ $BUILD == 1 ]]; then
    echo "== building $JAR"
    # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
    mvn -B -q $MVN_FLAGS -Pbench -pl benchmarks -am package -Dmaven.test.skip=true
    JAR=benchmarks/target/benchmarks.jar
fi
[[ -f $JAR ]] || { echo "no $JAR: run with BUILD=1" >&2; exit 1; }

mkdir -p bench/out
stamp=$(date -u +%Y%m%dT%H%M%SZ)
txt=bench/out/jmh-$stamp.txt
json=bench/out/jmh-$stamp.json

echo "== $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar "$JAR" -f "$FORKS" -wi "$WARMUP_ITERS" -w "$WARMUP_TIME" -i "$ITERS" -r "$ITER_TIME" \
    -prof gc -rf json -rff "$json" "$@" | tee "$txt"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The summary: one line per benchmark and parameter set, time and allocation side by side.
# JMH's table rows end "... Score [± Error] Units"; a profiler row's name has ":gc.<metric>".
echo
echo "== summary ($txt)"
awk '
    /^Benchmark / { table = 1; next }
    !table || NF < 4 { next }
    {
        unit = $NF
        if ($(NF - 2) == "±") { score = $(NF - 3); params_end = NF - 6 } else { score = $(NF - 1); params_end = NF - 4 }
        name = $1; metric = ""
        if (index(name, ":") > 0) { metric = substr(name, index(name, ":") + 1); name = substr(name, 1, index(name, ":") - 1) }
        params = ""
        for (i = 2; i <= params_end; i++) if ($i != "N/A") params = params " " $i
        key = name params
        if (metric == "") { if (!(key in time)) order[n++] = key; time[key] = score " " unit }
        else if (metric == "gc.alloc.rate.norm") alloc[key] = score " " unit
    }
    END {
        printf "%-56s %18s %18s\n", "benchmark (params)", "time/op", "alloc/op"
        for (i = 0; i < n; i++) printf "%-56s %18s %18s\n", order[i], time[order[i]], alloc[order[i]]
    }
' "$txt"
