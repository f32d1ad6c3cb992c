-- wrk script for bench/semantic.sh: POSTs OpenAI chat requests to /v1/chat/completions whose
-- final user text is chosen per request, counts the X-Eval-Cache answers, and prints one
-- machine-readable summary line.
--
-- Env:
--   SEM_MODE      unique      a new text per request: "Case <thread>-<n>: " and SEM_WORDS
--                             pseudo-random words, so every request is an exact miss (and, the
--                             case number being a critical term for the guard, a semantic miss)
--                 paraphrase  paraphrases of the recorded base text (above a 0.95 threshold),
--                             each made unique by doubling spaces between words (same tokens,
--                             so the same embedding; a different body, so an exact miss)
--                 fixed       the file SEM_BODY, unchanged (exact hits after the first)
--   SEM_MODEL     the model asked for (the route is chosen by it)
--   SEM_SYSTEM    the system prompt: requests share a semantic frame only if it is equal
--   SEM_WORDS     words per unique text (default 20)
--   SEM_DELAY_MS  pause before each request on a connection (0: none, closed loop)
--   SEM_OFF       1: send X-Eval-Cache-Semantic: off (the request skips the semantic tier)

local mode = os.getenv("SEM_MODE") or "unique"
local model = os.getenv("SEM_MODEL") or "sim-judge"
local system = os.getenv("SEM_SYSTEM") or "You are a terse grader. Answer with one word."
local nwords = tonumber(os.getenv("SEM_WORDS") or "20")
local pause = tonumber(os.getenv("SEM_DELAY_MS") or "0")

local paraphrases = {
    "Please summarise the customer review in three sentences.",
    "please summarise the customer review in three sentences.",
    "Please summarize the customer review in three sentences.",
    "Please summarise the customer review in three sentences!",
    "Please summarise the customer review in three sentences",
    "Summarise the customer review in three sentences, please.",
    "Summarise the customer review in three sentences.",
    "Please summarise the review from the customer in three sentences.",
}

local words = {
    "answer", "reference", "accurate", "claim", "source", "student", "essay", "paragraph",
    "evidence", "summary", "argument", "detail", "question", "context", "response", "grade",
    "history", "river", "mountain", "engine", "kitchen", "garden", "winter", "market", "bridge",
    "library", "harbour", "forest", "violin", "planet", "recipe", "ticket", "window", "letter",
    "doctor", "farmer", "teacher", "painter", "pilot", "sailor", "storm", "candle", "mirror",
    "coffee", "bottle", "pencil", "ladder", "pocket", "rabbit", "tiger", "castle", "village",
    "island", "desert", "valley", "meadow", "canyon", "glacier", "volcano", "orchard", "factory",
    "museum", "theatre", "station", "airport", "hospital", "stadium", "chapel", "tower", "tunnel",
    "blue", "quiet", "heavy", "bright", "narrow", "ancient", "gentle", "bitter", "frozen",
    "hollow", "rapid", "silent", "golden", "rusty", "steep", "sudden", "wooden", "humble",
    "describe", "compare", "explain", "judge", "check", "weigh", "measure", "observe", "repair",
    "follow", "carry", "build", "paint", "gather", "borrow", "deliver", "polish", "arrange",
}

local function escape(s)
    return (s:gsub('[%c"\\]', function(c)
        return string.format("\\u%04x", c:byte())
    end))
end

local function chat(text)
    return '{"model":"' .. escape(model) .. '","temperature":0,"messages":[{"role":"system","content":"'
        .. escape(system) .. '"},{"role":"user","content":"' .. escape(text) .. '"}]}'
end

-- Main state: number the threads, collect their counters at the end.
local threads = {}
local next_id = 0
function setup(thread)
    next_id = next_id + 1
    thread:set("id", next_id)
    table.insert(threads, thread)
end

-- Thread state.
n = 0
seen = {}
local fixed
function init(args)
    wrk.method = "POST"
    wrk.path = "/v1/chat/completions"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer sk-bench-not-a-secret"
    if os.getenv("SEM_OFF") == "1" then
        wrk.headers["X-Eval-Cache-Semantic"] = "off"
    end
    math.randomseed((id or 1) * 7919 + os.time())
    if mode == "fixed" then
        local f = assert(io.open(assert(os.getenv("SEM_BODY"), "SEM_BODY unset"), "rb"))
        fixed = wrk.format(nil, nil, nil, f:read("*a"))
        f:close()
    end
end

local function unique_text()
    local out = { string.format("Case %d-%d:", id or 1, n) }
    for i = 1, nwords do
        out[#out + 1] = words[math.random(#words)]
    end
    return table.concat(out, " ") .. "."
end

local function paraphrase_text()
    -- Request k: paraphrase k mod 8; the bits of k div 8 choose which gaps get two spaces.
    local p = paraphrases[(n % #paraphrases) + 1]
    local pattern = math.floor(n / #paraphrases)
    local gap = 0
    return (p:gsub(" ", function()
        gap = gap + 1
        local double = math.floor(pattern / 2 ^ (gap - 1)) % 2 == 1
        return double and "  " or " "
    end))
end

function request()
    n = n + 1
    if mode == "fixed" then
        return fixed
    end
    local text = mode == "paraphrase" and paraphrase_text() or unique_text()
    return wrk.format(nil, nil, nil, chat(text))
end

if pause > 0 then
    function delay()
        return pause
    end
end

function response(status, headers, body)
    local c = headers["x-eval-cache"] or headers["X-Eval-Cache"] or "none"
    seen[c] = (seen[c] or 0) + 1
end

function done(summary, latency, requests)
    local counts = {}
    for _, t in ipairs(threads) do
        local s = t:get("seen")
        for k, v in pairs(s) do
            counts[k] = (counts[k] or 0) + v
        end
    end
    local cache = {}
    for k, v in pairs(counts) do
        cache[#cache + 1] = k .. ":" .. v
    end
    table.sort(cache)
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d"
            .. " p50_us=%d p99_us=%d max_us=%d cache=%s\n",
        summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
        latency:percentile(50), latency:percentile(99), latency.max, table.concat(cache, ",")))
end
