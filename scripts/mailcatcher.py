#!/usr/bin/python3
"""A local SMTP server that keeps every message it receives as a file.

make run starts it on loopback so someone trying zelftest sees its e-mail
at once; the integration tests start it to receive what the program sends.
Debian's python3-aiosmtpd does the SMTP; this only decides what to answer
and writes each message to DIR/<time>-<n>.eml (the message as received)
with DIR/<time>-<n>.json beside it (the envelope: sender and recipients).

  mailcatcher.py --dir var/mail [--host 127.0.0.1] [--port 2525]
                 [--unix PATH] [--reject-rcpt REGEX] [--tempfail-rcpt REGEX]
                 [--tls-cert FILE --tls-key FILE [--require-starttls]]
                 [--auth USER:PASSWORD] [--data-delay SECONDS]

--port 0 picks a free port; the port in use is printed and, with
--port-file, written to that file once the server answers.
"""

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller, UnixSocketController
from aiosmtpd.smtp import AuthResult


class Keeper:
    def __init__(self, folder, reject, tempfail, delay):
        self.folder = folder
        self.reject = re.compile(reject) if reject else None
        self.tempfail = re.compile(tempfail) if tempfail else None
        self.delay = delay
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject.search(address):
            return "550 5.1.1 No such mailbox here"
        if self.tempfail and self.tempfail.search(address):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            name = "%d-%06d" % (time.time_ns() // 1000, self.count)
        tmp = os.path.join(self.folder, "." + name)
        content = envelope.original_content or envelope.content
        with open(tmp + ".eml", "wb") as f:
            f.write(content)
        with open(tmp + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        # the .json first: whoever sees the .eml finds its envelope beside it
        os.rename(tmp + ".json", os.path.join(self.folder, name + ".json"))
        os.rename(tmp + ".eml", os.path.join(self.folder, name + ".eml"))
        return "250 Message accepted for delivery"


def free_port(host):
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=2525)
    p.add_argument("--port-file")
    p.add_argument("--unix")
    p.add_argument("--reject-rcpt")
    p.add_argument("--tempfail-rcpt")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--auth")
    p.add_argument("--data-delay", type=float, default=0)
    a = p.parse_args()

    os.makedirs(a.dir, mode=0o700, exist_ok=True)
    keeper = Keeper(a.dir, a.reject_rcpt, a.tempfail_rcpt, a.data_delay)
    kw = {"data_size_limit": 10 * 1024 * 1024, "enable_SMTPUTF8": True}
    if a.tls_cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        kw["tls_context"] = ctx
        kw["require_starttls"] = a.require_starttls
    if a.auth:
        user, password = a.auth.split(":", 1)

        def check(server, session, envelope, mechanism, data):
            ok = (
                mechanism in ("LOGIN", "PLAIN")
                and data.login.decode() == user
                and data.password.decode() == password
            )
            return AuthResult(success=ok, handled=False)

        kw["authenticator"] = check
        kw["auth_required"] = True
    if a.unix:
        ctl = UnixSocketController(keeper, unix_socket=a.unix, **kw)
        where = a.unix
    else:
        port = a.port or free_port(a.host)
        ctl = Controller(keeper, hostname=a.host, port=port, **kw)
        where = "%s:%d" % (a.host, port)
    ctl.start()
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write("%d\n" % (0 if a.unix else port))
        os.rename(a.port_file + ".tmp", a.port_file)
    print("mail catcher: SMTP on %s, every message written to %s/" % (where, a.dir), flush=True)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    ctl.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
