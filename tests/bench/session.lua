-- wrk: POST /api/v1/sessions, as a flood of new tests from one address
wrk.method = "POST"
wrk.body = '{"lang":"nl"}'
wrk.headers["Content-Type"] = "application/json"
