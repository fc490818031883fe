#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A real SMTP server for the mail test: Debian's python3-aiosmtpd, with
# STARTTLS offered and required before MAIL FROM (require_starttls), the
# test CA's certificate for 127.0.0.1. Each accepted mail is written to
# OUTDIR as <n>.json (envelope, TLS used, raw content); a recipient
# refused@… is refused with 550. Prints the port on
# stdout, then serves until killed.
#
# usage: smtp-peer.py OUTDIR CERT KEY [--no-tls] [--port=N]
# (--port: the same port again, for a server that comes back)

import asyncio
import json
import os
import signal
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class Recorder:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # A mailbox the server does not have: the permanent refusal.
        if address.startswith("refused@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "content": envelope.original_content.decode("utf-8", "replace"),
        }
        path = os.path.join(self.outdir, "%d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    outdir, cert, key = sys.argv[1:4]
    use_tls = "--no-tls" not in sys.argv
    context = None
    if use_tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
    ports = [a[len("--port="):] for a in sys.argv if a.startswith("--port=")]
    port = int(ports[0]) if ports else free_port()
    controller = Controller(Recorder(outdir), hostname="127.0.0.1", port=port,
                            tls_context=context, require_starttls=use_tls,
                            server_hostname="127.0.0.1")
    controller.start()
    print(port, flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
