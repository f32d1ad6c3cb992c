-- wrk script for bench/soak.sh: paced, mixed traffic. Each connection waits $SOAK_DELAY_MS
-- before each request (wrk's delay()), so the rate is about connections x 1000 / delay.
-- $SOAK_MISS_PCT percent of requests are new (exact-cache misses); the rest repeat one of
-- $SOAK_POOL bodies (hits once each has been recorded).
local f = assert(io.open(assert(os.getenv("BENCH_BODY"), "BENCH_BODY unset"), "rb"))
local template = f:read("*a")
f:close()
local marker = '"role":"user","content":"'
local at = assert(template:find(marker, 1, true), "no user message in BENCH_BODY") + #marker - 1
local head, tail = template:sub(1, at), template:sub(at + 1)
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer sk-bench-not-a-secret"}
local pause = tonumber(os.getenv("SOAK_DELAY_MS") or "20")
local miss_pct = tonumber(os.getenv("SOAK_MISS_PCT") or "30")
local pool = tonumber(os.getenv("SOAK_POOL") or "1000")
local counter = 0
math.randomseed(os.time())
local run = string.format("%d%06d", os.time(), math.random(0, 999999))
local threads = 0
tid = "?"

function setup(thread)
    threads = threads + 1
    thread:set("tid", run .. "-" .. threads)
end

function init(args)
    math.randomseed(os.time() + #tid)
end

function delay()
    return pause
end

function request()
    local prefix
    if math.random(100) <= miss_pct then
        counter = counter + 1
        prefix = "New " .. tid .. "-" .. counter .. ": "
    else
        prefix = "Pool " .. math.random(pool) .. ": "
    end
    return wrk.format("POST", "/v1/chat/completions", headers, head .. prefix .. tail)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
        summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
        latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
