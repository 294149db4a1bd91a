# nginx's error log without the client: every line nginx writes to stderr
# goes through this (sed -u -E -f redact-error-log.sed) before it reaches a
# file or the journal.  nginx appends the request's context to its messages
# (client address, server, request line with session tokens or withdrawal
# keys, upstream, host, referrer): all of it goes; what is left says what
# failed, e.g. "connect() to unix:/run/zelftest/zelftest.sock failed (111:
# Connection refused) while connecting to upstream".
s/, (client|server|request|upstream|host|referrer|subrequest): ("[^"]*"|[^,]*)//g
# an address (IPv4, IPv6 with :: or four groups or more: not a time of day)
# or a token anywhere else in a message
s/[0-9]{1,3}(\.[0-9]{1,3}){3}/[address]/g
s/[0-9A-Fa-f:]*::[0-9A-Fa-f:.]*/[address]/g
s/\b([0-9A-Fa-f]{1,4}:){4,7}[0-9A-Fa-f]{1,4}\b/[address]/g
s/[A-Za-z0-9_-]{22,}/[secret]/g
