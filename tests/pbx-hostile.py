#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Hostile clients for the switchboard endpoint (tests/test-pbx.c): what any
# local process could do without the token. Prints "ready" once the attack
# is in place, then a summary line, and exits.
#
#   pbx-hostile.py endless PORT [TOKEN]   an endless chunked body
#   pbx-hostile.py idle PORT N SECONDS    N connections that say nothing
#   pbx-hostile.py slowloris PORT N SECONDS  N requests sent a byte at a time
#   pbx-hostile.py flood PORT N           N requests with a wrong token

import resource
import socket
import sys
import time


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return s


def endless(port, token=None):
    s = connect(port)
    head = "POST /call/ring HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    if token:
        head += "Authorization: Bearer %s\r\n" % token
    head += "Transfer-Encoding: chunked\r\n\r\n"
    s.sendall(head.encode())
    print("ready", flush=True)
    chunk = b"1000\r\n" + b"[" * 4096 + b"\r\n"
    sent = 0
    s.settimeout(5)
    try:
        while sent < 256 * 1024 * 1024:
            s.sendall(chunk)
            sent += len(chunk)
    except OSError:
        pass
    answer = b""
    try:
        answer = s.recv(4096)
    except OSError:
        pass
    status = answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/1.1 ") else "none"
    print("sent %d status %s" % (sent, status), flush=True)


def raise_fd_limit(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, n + 64))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def hold(port, n):
    """Up to N connections (fewer if the server stops accepting), then "ready"."""
    raise_fd_limit(n)
    held = []
    for _ in range(n):
        try:
            held.append(connect(port))
        except OSError:
            break
    print("ready", flush=True)
    return held


def idle(port, n, seconds):
    held = hold(port, n)
    time.sleep(seconds)
    closed = 0
    for s in held:
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    print("opened %d closed-by-server %d" % (len(held), closed), flush=True)


def slowloris(port, n, seconds):
    request = b"GET /call?event=ring&line=0800100200 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 200
    held = hold(port, n)
    start = time.monotonic()
    i = 0
    closed = set()
    while time.monotonic() - start < seconds:
        for k, s in enumerate(held):
            if k in closed:
                continue
            try:
                s.send(request[i % len(request):i % len(request) + 1])
            except OSError:
                closed.add(k)
        i += 1
        time.sleep(0.5)
    print("opened %d closed-by-server %d" % (len(held), len(closed)), flush=True)


def flood(port, n):
    refused = 0
    print("ready", flush=True)
    for i in range(n):
        s = connect(port)
        s.sendall(b"GET /call?event=ring&line=0800100200&token=wrong-%d HTTP/1.1\r\nHost: x\r\n\r\n" % i)
        answer = s.recv(4096)
        if answer.startswith(b"HTTP/1.1 401 "):
            refused += 1
        s.close()
    print("refused %d" % refused, flush=True)


mode = sys.argv[1]
port = int(sys.argv[2])
if mode == "endless":
    endless(port, sys.argv[3] if len(sys.argv) > 3 else None)
elif mode == "idle":
    idle(port, int(sys.argv[3]), float(sys.argv[4]))
elif mode == "slowloris":
    slowloris(port, int(sys.argv[3]), float(sys.argv[4]))
elif mode == "flood":
    flood(port, int(sys.argv[3]))
