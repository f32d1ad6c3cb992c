-- wrk script: POST the ~1 KB OpenAI chat request in $BENCH_BODY to /v1/chat/completions,
-- and print one machine-readable summary line for bench/load.sh.
local f = assert(io.open(assert(os.getenv("BENCH_BODY"), "BENCH_BODY unset"), "rb"))
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench-not-a-secret"

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
        summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
        latency:percentile(50), latency:percentile(99)))
end
