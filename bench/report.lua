-- bench/report.lua: wrk script for POST /report (bench/cases.sh). The
-- session cookie and CSRF token come from the environment (BENCH_COOKIE,
-- BENCH_CSRF); every request files a new deviation at unit BENCH_UNIT.
local csrf = os.getenv("BENCH_CSRF") or ""
local unit = os.getenv("BENCH_UNIT") or "6"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
wrk.body = "_csrf=" .. csrf .. "&type=deviation&unit=" .. unit ..
    "&what=B%C3%A4nktest%3A+patienten+fick+dosen+f%C3%B6r+sent" ..
    "&immediate_action=L%C3%A4kare+informerad"

local codes = {}
response = function(status, headers, body)
    codes[status] = (codes[status] or 0) + 1
end

done = function(summary, latency, requests)
    for k, v in pairs(codes) do
        io.write(string.format("status %d: %d\n", k, v))
    end
end
