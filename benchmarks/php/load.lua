-- wrk script of the php benchmark (run.sh): counts non-2xx responses and which code version answered, and
-- prints one machine-readable "BENCH <key> <value>" line per figure when the run is done.
-- WRK_PACE_MS > 0 paces every connection: it waits that long after each response before its next request
-- (wrk's delay() hook; the wait is not part of the latency wrk records). 0 is wrk's usual closed loop.

local pace = tonumber(os.getenv("WRK_PACE_MS") or "0") or 0
if pace > 0 then
  function delay() return pace end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
  non2xx = 0
  v1 = 0
  v2 = 0
  other = 0
end

-- Counting what is sent tells a request lost on a connection the server closed (sent, never answered) from a
-- keep-alive connection closed while idle (wrk counts both as a read error).
function request()
  sent = sent + 1
  return wrk.format()
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  local label = body and body:match("^php%-bench (%w+)")
  if label == "v1" then
    v1 = v1 + 1
  elseif label == "v2" then
    v2 = v2 + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = { sent = 0, non2xx = 0, v1 = 0, v2 = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + (thread:get(key) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH duration_us %d\n", summary.duration))
  io.write(string.format("BENCH non2xx %d\n", totals.non2xx))
  io.write(string.format("BENCH sent %d\n", totals.sent))
  io.write(string.format("BENCH socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("BENCH socket_detail connect=%d,read=%d,write=%d,timeout=%d\n", e.connect, e.read, e.write, e.timeout))
  io.write(string.format("BENCH body_v1 %d\n", totals.v1))
  io.write(string.format("BENCH body_v2 %d\n", totals.v2))
  io.write(string.format("BENCH body_other %d\n", totals.other))
  io.write(string.format("BENCH p50_us %d\n", latency:percentile(50)))
  io.write(string.format("BENCH p99_us %d\n", latency:percentile(99)))
  io.write(string.format("BENCH max_us %d\n", latency.max))
end
