-- wrk script: like chat.lua, but every request is a new one, so each is an exact-cache miss.
-- The body of $BENCH_BODY gets "Case <run>-<thread>-<n>: " in front of its user text; <run>
-- differs between wrk runs, so a run never repeats an earlier run's requests.
local f = assert(io.open(assert(os.getenv("BENCH_BODY"), "BENCH_BODY unset"), "rb"))
local template = f:read("*a")
f:close()
local marker = '"role":"user","content":"'
local at = assert(template:find(marker, 1, true), "no user message in BENCH_BODY") + #marker - 1
local head, tail = template:sub(1, at), template:sub(at + 1)
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer sk-bench-not-a-secret"}
local counter = 0
-- setup() runs in wrk's main Lua state, once per thread; thread:set gives each thread's state
-- its own global "tid" (a local would be captured by request() before setup could set it).
math.randomseed(os.time())
local run = string.format("%d%06d", os.time(), math.random(0, 999999))
local threads = 0
tid = "?"

function setup(thread)
    threads = threads + 1
    thread:set("tid", run .. "-" .. threads)
end

function request()
    counter = counter + 1
    return wrk.format("POST", "/v1/chat/completions", headers,
        head .. "Case " .. tid .. "-" .. counter .. ": " .. tail)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
        summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
        latency:percentile(50), latency:percentile(99)))
end
