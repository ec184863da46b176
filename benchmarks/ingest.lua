-- wrk script of benchmarks/ingest_bench.py: single ratings with fresh UUIDs.
-- args: <threads> <run id: 8 hex digits> <device tokens, comma-separated> <bad every n (0: never)> <cases>
-- Request i comes from device i mod (number of tokens): the devices post in turn.
-- Thread t posts cases t, t + threads, t + 2·threads, … so no two requests rate the same case;
-- the UUID is <run>-<thread>-4000-8000-<counter>, so the bench can recompute every one it sent.
local threads = {}
counter = 1

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  nthreads = tonumber(args[1])
  run = args[2]
  headers = {}
  for token in string.gmatch(args[3], "[^,]+") do
    table.insert(headers, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token})
  end
  bad_every = tonumber(args[4])
  ncases = tonumber(args[5])
  tid = tonumber(tid)
  created, duplicate, other, overflow = 0, 0, 0, 0
  wrk.method = "POST"
end

function request()
  local i = tid + (counter - 1) * nthreads
  counter = counter + 1
  if i >= ncases then
    overflow = overflow + 1
  end
  local level = 1
  if bad_every > 0 and i % bad_every == bad_every - 1 then
    level = 5
  end
  local body = string.format(
    '{"uuid":"%s-%04x-4000-8000-%012x","level":%d,"scheme":"gbt39046","case_number":"BN%09d","tags":[]}',
    run, tid, counter - 1, level, i
  )
  return wrk.format(nil, nil, headers[(i % #headers) + 1], body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 200 then
    duplicate = duplicate + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, d, o, sent, ov = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    d = d + t:get("duplicate")
    o = o + t:get("other")
    ov = ov + t:get("overflow")
    sent = math.max(sent, t:get("counter") - 1)
  end
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"created":%d,"duplicate":%d,"other":%d,"overflow":%d,' ..
    '"max_per_thread":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d}\n',
    summary.requests, summary.duration, c, d, o, ov, sent,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
end
