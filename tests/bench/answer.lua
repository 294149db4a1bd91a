-- wrk: PUT one answer on a live session, alternating options so Redis really writes.
local token = os.getenv("ZT_TOKEN")
local question = os.getenv("ZT_QUESTION")
local options = {}
for o in string.gmatch(os.getenv("ZT_OPTIONS"), "[^,]+") do options[#options + 1] = o end
local n = 0
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local body = '{"option":"' .. options[(n % #options) + 1] .. '"}'
  return wrk.format("PUT", "/api/v1/sessions/" .. token .. "/answers/" .. question, nil, body)
end
