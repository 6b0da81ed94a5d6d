#!/usr/bin/env python3
"""The Linux side of the bulk appliance's protocols (standard library only).

Clients (one connection each; print one JSON line; exit 0, or 3 with a message on a timeout):
  echo   HOST PORT BYTES   send BYTES pseudo-random bytes, read the echo concurrently; sha256 of both
  source HOST PORT BYTES   send the 8-byte count, read to EOF; sha256 of what came
  sink   HOST PORT BYTES   send BYTES, half-close, read the 8-byte count the sink answers
  push   HOST PORT BYTES   listen on a free port, ask the push port to connect back and send BYTES;
                           read that connection to EOF (sha256), then the 9-byte status
Servers (the kernel-stack peer for bench/tcp, and the listener for the appliance's active open):
  listen HOST PORT         accept ONE connection, read to EOF, print its JSON line, exit
  serve  HOST SINK ECHO SOURCE   the appliance's three services, a thread per connection, until killed

--no-hash skips sha256 (benchmarks); --timeout S bounds the whole run (default 120); --stall S ends it
after S seconds without a byte moving (default 30).
Bytes sent by echo/sink: a 4 MiB random block (seeded) cut at shifting offsets, so the stream has
no short period; what matters is that both sides hash exactly what crossed the wire.
"""
import argparse, hashlib, json, random, socket, struct, sys, threading, time

BUF = 256 * 1024
STALL = [30.0]  # seconds without progress that end a run (--stall)


def wait_for(sock, deadline):
    """The socket's timeout for the next call: the stall limit, or what is left of the deadline."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline passed")
    sock.settimeout(min(STALL[0], left))


def stalled(deadline):
    return TimeoutError("deadline passed" if time.monotonic() >= deadline - 0.01
                        else "stalled: no progress for %.0f s" % STALL[0])
BLOCK = 4 * 1024 * 1024


PROGRESS = []  # every Hash, for the message when a run times out


class Hash:
    def __init__(self, on):
        self.h = hashlib.sha256() if on else None
        self.n = 0
        PROGRESS.append(self)

    def update(self, b):
        self.n += len(b)
        if self.h is not None:
            self.h.update(b)

    def hex(self):
        return self.h.hexdigest() if self.h is not None else None


def chunks(total, seed):
    """BYTES bytes of the sending stream, as memoryviews of at most BUF bytes."""
    block = memoryview(random.Random(seed).randbytes(BLOCK))
    sent, i = 0, 0
    while sent < total:
        n = min(BUF, total - sent)
        off = (i * 7919 * 8 + i * 13) % (BLOCK - BUF)
        yield block[off:off + n]
        sent += n
        i += 1


def read_to_eof(sock, h, deadline):
    buf = bytearray(BUF)
    mv = memoryview(buf)
    while True:
        wait_for(sock, deadline)
        try:
            n = sock.recv_into(buf)
        except socket.timeout:
            raise stalled(deadline)
        if n == 0:
            return
        h.update(mv[:n])


def connect(host, port, deadline):
    s = socket.create_connection((host, port), timeout=max(0.001, deadline - time.monotonic()))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    return s


def send_all(sock, total, seed, h, deadline):
    for c in chunks(total, seed):
        wait_for(sock, deadline)
        try:
            sock.sendall(c)
        except socket.timeout:
            raise stalled(deadline)
        h.update(c)


def client(a, deadline):
    t0 = time.monotonic()
    s = connect(a.host, a.port, deadline)
    out = {"mode": a.mode, "bytes": a.bytes}
    with s:
        if a.mode == "source":
            s.sendall(struct.pack(">q", a.bytes))
            got = Hash(a.hash)
            read_to_eof(s, got, deadline)
            out.update(received=got.n, sha256_received=got.hex())
        elif a.mode == "sink":
            sent = Hash(a.hash)
            send_all(s, a.bytes, a.seed, sent, deadline)
            s.shutdown(socket.SHUT_WR)
            got = Hash(False)
            reply = bytearray()
            s.settimeout(max(0.001, deadline - time.monotonic()))
            while len(reply) < 9:
                b = s.recv(16)
                if not b:
                    break
                reply += b
            out.update(sent=sent.n, sha256_sent=sent.hex(),
                       sink_count=struct.unpack(">q", reply[:8])[0] if len(reply) == 8 else None,
                       reply_bytes=len(reply))
        else:  # echo
            sent, got = Hash(a.hash), Hash(a.hash)
            err = []

            def reader():
                try:
                    read_to_eof(s, got, deadline)
                except Exception as e:  # reported below
                    err.append(e)
            t = threading.Thread(target=reader, daemon=True)
            t.start()
            send_all(s, a.bytes, a.seed, sent, deadline)
            s.shutdown(socket.SHUT_WR)
            t.join(max(0.001, deadline - time.monotonic()))
            if t.is_alive() or err:
                raise TimeoutError(err[0] if err else "echo not complete")
            out.update(sent=sent.n, sha256_sent=sent.hex(), received=got.n, sha256_received=got.hex())
    out["seconds"] = round(time.monotonic() - t0, 6)
    return out


PUSH_STATUS = {0: "ok", 1: "refused", 2: "timed out", 3: "failed", 4: "unsupported"}


def push(a, deadline):
    """The appliance's active open: it connects back to us and sends BYTES of its pattern."""
    import select
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    srv.bind(("", 0))
    srv.listen(1)
    t0 = time.monotonic()
    ctl = connect(a.host, a.port, deadline)
    ctl.sendall(struct.pack(">Hq", srv.getsockname()[1], a.bytes))
    out = {"mode": "push", "bytes": a.bytes, "received": None, "sha256_received": None}
    while True:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([srv, ctl], [], [], max(0.0, min(STALL[0], left)))
        if not ready:
            raise stalled(deadline)
        if ctl in ready:
            break  # the answer came first: nothing connected (refused, unsupported)
        c, peer = srv.accept()
        got = Hash(a.hash)
        with c:
            read_to_eof(c, got, deadline)
        out.update(received=got.n, sha256_received=got.hex(), peer=peer[0])
        break
    reply = bytearray()
    while len(reply) < 9:
        wait_for(ctl, deadline)
        try:
            b = ctl.recv(9 - len(reply))
        except socket.timeout:
            raise stalled(deadline)
        if not b:
            break
        reply += b
    ctl.close()
    if len(reply) == 9:
        out.update(status=PUSH_STATUS.get(reply[0], str(reply[0])), pushed=struct.unpack(">q", bytes(reply[1:]))[0])
    else:
        out.update(status="no answer (%d bytes)" % len(reply))
    out["seconds"] = round(time.monotonic() - t0, 6)
    return out


def listen_once(a, deadline):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    srv.bind((a.host, a.port))
    srv.listen(1)
    print(json.dumps({"listening": a.port}), flush=True)
    srv.settimeout(max(0.001, deadline - time.monotonic()))
    c, peer = srv.accept()
    t0 = time.monotonic()
    got = Hash(a.hash)
    with c:
        read_to_eof(c, got, deadline)
    return {"mode": "listen", "peer": peer[0], "received": got.n, "sha256_received": got.hex(),
            "seconds": round(time.monotonic() - t0, 6)}


def serve(a):
    """The kernel-stack peer: the same three services as the appliance (bench/tcp)."""
    block = random.Random(1).randbytes(BLOCK)

    def sink(c):
        n, buf = 0, bytearray(BUF)
        while True:
            k = c.recv_into(buf)
            if k == 0:
                break
            n += k
        c.sendall(struct.pack(">q", n))

    def echo(c):
        buf = bytearray(BUF)
        mv = memoryview(buf)
        while True:
            k = c.recv_into(buf)
            if k == 0:
                break
            c.sendall(mv[:k])

    def source(c):
        head = b""
        while len(head) < 8:
            b = c.recv(8 - len(head))
            if not b:
                return
            head += b
        left = struct.unpack(">q", head)[0]
        mv = memoryview(block)
        while left > 0:
            k = min(left, BUF)
            c.sendall(mv[:k])
            left -= k

    def run(fn, c):
        with c:
            try:
                fn(c)
            except OSError:
                pass

    def accept(port, fn):
        srv = socket.socket()
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((a.host, port))
        srv.listen(16)
        while True:
            c, _ = srv.accept()
            threading.Thread(target=run, args=(fn, c), daemon=True).start()

    for port, fn in ((a.sink, sink), (a.echo, echo), (a.source, source)):
        threading.Thread(target=accept, args=(port, fn), daemon=True).start()
    print(json.dumps({"serving": [a.sink, a.echo, a.source]}), flush=True)
    threading.Event().wait()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["echo", "source", "sink", "push", "listen", "serve"])
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("rest", nargs="*", type=int, help="BYTES for clients; ECHO SOURCE ports for serve")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--stall", type=float, default=30.0, help="give up after this many seconds without progress (default 30)")
    p.add_argument("--no-hash", dest="hash", action="store_false")
    a = p.parse_args()
    deadline = time.monotonic() + a.timeout
    STALL[0] = a.stall
    if a.mode == "serve":
        if len(a.rest) != 2:
            p.error("serve HOST SINK ECHO SOURCE")
        a.sink, (a.echo, a.source) = a.port, a.rest
        serve(a)
        return
    if a.mode != "listen":
        if len(a.rest) != 1 or a.rest[0] < 0:
            p.error(a.mode + " HOST PORT BYTES")
        a.bytes = a.rest[0]
    try:
        out = listen_once(a, deadline) if a.mode == "listen" else push(a, deadline) if a.mode == "push" else client(a, deadline)
    except (TimeoutError, socket.timeout) as e:
        print(json.dumps({"mode": a.mode, "error": "%s (deadline %.0f s)" % (e, a.timeout),
                          "progress_bytes": [h.n for h in PROGRESS]}), flush=True)
        sys.exit(3)
    except OSError as e:
        print(json.dumps({"mode": a.mode, "error": "%s: %s" % (type(e).__name__, e),
                          "progress_bytes": [h.n for h in PROGRESS]}), flush=True)
        sys.exit(4)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
