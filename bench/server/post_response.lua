-- wrk script: POST one new response per request. Every id is a fresh UUID v4, so each request is
-- a real insert (a repeated id would only be a cheap duplicate check).
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  counter = 0
  path = args[1] or "/api/v1/responses"
end

local function hex(n, digits)
  local s = ""
  for _ = 1, digits do
    s = s .. string.format("%x", math.random(0, 15))
  end
  return s
end

request = function()
  counter = counter + 1
  local id = string.format("%s-%s-4%s-a%s-%04x%08x", hex(0, 8), hex(0, 4), hex(0, 3), hex(0, 3), tid, counter)
  local body = '{"id":"' .. id .. '","survey":{"id":"primary-care-visit","version":1},"locale":"fr-CA",' ..
    '"channel":"kiosk","site":"north","started_at":"2026-11-23T10:15:00-05:00",' ..
    '"submitted_at":"2026-11-23T10:16:02-05:00","answers":{"care_when_needed":"good","listened":"yes",' ..
    '"overall":9,"went_well":"Très bien, merci","age_band":"40_64"}}'
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", (summary.requests - failed) / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, failed))
end
