#!/usr/bin/env python3
"""Exec -> first DNS answer (or first HTTP answer, --http PATH), measured N times.

Runs inside the network namespace the appliance boots in (bench/boot/run.sh puts it there).
For each boot: take t0, spawn the appliance (posix_spawn), send a DNS query for NAME SOA
every millisecond (a fresh id each time, on a fresh socket per boot) until an answer arrives, take
t1, then stop the appliance with SIGTERM and wait for it. With --http PATH (a web appliance): start
a TCP connection every millisecond (a SYN the appliance was not up to see is not retried by the
kernel for a second, so each try is a fresh socket, kept open: SYNs the TAP device queued before the
appliance read it are answered then; up to 8192 are pending), send GET PATH on the
first that connects, and take t1 when the first bytes of an HTTP answer arrive. Prints one line per boot and a
summary line: label n min median max (milliseconds), and the median CPU time (user+system)
the appliance used from exec to exit, which is less sensitive to other load on the machine.
If the appliance prints boot-trace lines (-Dkiln.boot.trace=true), the median time from exec
at which each phase ended follows.
"""
import argparse, os, resource, select, signal, socket, struct, sys, time

def query(qid, name):
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".") if p) + b"\0"
    return struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0) + labels + struct.pack(">HH", 6, 1)

def pending_max():
    """How many connection tries may wait at once: as many as this process may open, up to 8192."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 8192 + 64) if hard != resource.RLIM_INFINITY else 8192 + 64
    if want > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        except (ValueError, OSError):
            pass
    return max(16, soft - 64)

PENDING_MAX = None  # set by main() for --http

def spawn(cmd, env, log):
    return os.posix_spawn(cmd[0], cmd, env, file_actions=[(os.POSIX_SPAWN_OPEN, 1, log, os.O_WRONLY | os.O_APPEND, 0),
                                                        (os.POSIX_SPAWN_DUP2, 1, 2)])

def http_once(cmd, env, server, port, path, timeout_s, log):
    """Exec -> first bytes of an HTTP answer to GET PATH; returns (ms, cpu ms, boot-trace marks)."""
    open(log, "w").close()
    request = ("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (path, server)).encode()
    t0 = time.monotonic_ns()
    pid = spawn(cmd, env, log)
    pending, asked, t1 = {}, None, None  # connecting sockets by fd (oldest first); the one a request went out on
    poll = select.poll()  # select() cannot watch fds above 1024
    deadline, next_try = t0 + int(timeout_s * 1e9), 0
    try:
        while time.monotonic_ns() < deadline and t1 is None:
            now = time.monotonic_ns()
            if asked is None and now >= next_try:
                c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                c.setblocking(False)
                c.connect_ex((server, port))
                pending[c.fileno()] = c
                poll.register(c, select.POLLOUT)
                if len(pending) > PENDING_MAX:
                    old = pending.pop(next(iter(pending)))
                    poll.unregister(old)
                    old.close()
                next_try = now + 1_000_000
            wait_ms = max(0, (next_try - time.monotonic_ns()) // 1_000_000) if asked is None else 1
            for fd, ev in poll.poll(wait_ms):
                if asked is not None and fd == asked.fileno():  # the answer, or the end of the connection
                    try:
                        data = asked.recv(64)
                    except OSError:
                        data = b""
                    if data.startswith(b"HTTP/1."):
                        t1 = time.monotonic_ns()
                    else:  # closed without an answer: start over
                        poll.unregister(asked)
                        asked.close()
                        asked = None
                elif fd in pending:
                    c = pending.pop(fd)
                    poll.unregister(c)
                    if asked is None and c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                        c.sendall(request)
                        asked = c
                        poll.register(c, select.POLLIN)
                    else:
                        c.close()  # refused or unreachable: later tries use fresh sockets
            if os.waitpid(pid, os.WNOHANG)[0]:
                pid = None
                raise SystemExit("the appliance exited before answering; its output is in " + log)
    finally:
        cpu = stop(pid)
        for c in list(pending.values()) + ([asked] if asked is not None else []):
            c.close()
    if t1 is None:
        raise SystemExit("no HTTP answer within %.0f s; the appliance's output is in %s" % (timeout_s, log))
    return (t1 - t0) / 1e6, cpu, marks(log, t0)

def stop(pid):
    """SIGTERM the appliance (if it runs) and wait for it; its CPU time in ms, or None."""
    if not pid:
        return None
    os.kill(pid, signal.SIGTERM)
    _, _, ru = os.wait4(pid, 0)
    return (ru.ru_utime + ru.ru_stime) * 1e3

def marks(log, t0):
    m = {}
    with open(log) as f:  # boot-trace NAME NANOS lines (-Dkiln.boot.trace=true): CLOCK_MONOTONIC, as t0
        for line in f:
            p = line.split()
            if len(p) == 3 and p[0] == "boot-trace" and p[1] not in m:  # the first of each name
                m[p[1]] = (int(p[2]) - t0) / 1e6
    return m

def boot_once(cmd, env, server, port, name, timeout_s, log):
    open(log, "w").close()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    t0 = time.monotonic_ns()
    pid = spawn(cmd, env, log)
    qid, t1 = 0, None
    deadline = t0 + int(timeout_s * 1e9)
    try:
        while time.monotonic_ns() < deadline:
            qid = (qid + 1) & 0xFFFF
            try:
                s.sendto(query(qid, name), (server, port))
            except OSError:
                pass  # no route/neighbour yet: ask again next millisecond
            r, _, _ = select.select([s], [], [], 0.001)
            while r:
                try:
                    data = s.recv(4096)
                except BlockingIOError:
                    break
                if len(data) >= 12 and data[2] & 0x80:  # any answer from the server counts
                    t1 = time.monotonic_ns()
                    break
            if t1 is not None:
                break
            wpid, _ = os.waitpid(pid, os.WNOHANG)
            if wpid:
                pid = None
                raise SystemExit("the appliance exited before answering; its output is in " + log)
    finally:
        cpu = stop(pid)
        s.close()
    if t1 is None:
        raise SystemExit("no answer within %.0f s; the appliance's output is in %s" % (timeout_s, log))
    return (t1 - t0) / 1e6, cpu, marks(log, t0)

def run_once(cmd, env, log):
    t0 = time.monotonic_ns()
    pid = os.posix_spawn(cmd[0], cmd, env, file_actions=[(os.POSIX_SPAWN_OPEN, 1, log, os.O_WRONLY | os.O_TRUNC | os.O_CREAT, 0o644),
                                                          (os.POSIX_SPAWN_DUP2, 1, 2)])
    _, status, ru = os.wait4(pid, 0)
    t1 = time.monotonic_ns()
    if status != 0:
        raise SystemExit("%s exited with status %d; its output is in %s" % (cmd[0], status, log))
    return (t1 - t0) / 1e6, (ru.ru_utime + ru.ru_stime) * 1e3, {}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--boots", type=int, default=20)
    ap.add_argument("--server", default="192.0.2.2")
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--name", default="example.com.")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--log", default="/tmp/kiln-boot-appliance.log")
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for the appliance")
    ap.add_argument("--until-exit", action="store_true", help="time exec -> exit instead (no DNS), e.g. java -version")
    ap.add_argument("--http", metavar="PATH", help="a web appliance: time exec -> first HTTP answer to GET PATH on TCP --port")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    global PENDING_MAX
    PENDING_MAX = pending_max()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    env = dict(os.environ)
    for kv in a.env:
        k, _, v = kv.partition("=")
        env[k] = v
    ms, cpu, traces = [], [], []
    for i in range(a.boots):
        if a.until_exit:
            wall, c, m = run_once(cmd, env, a.log)
        elif a.http:
            wall, c, m = http_once(cmd, env, a.server, a.port, a.http, a.timeout, a.log)
        else:
            wall, c, m = boot_once(cmd, env, a.server, a.port, a.name, a.timeout, a.log)
        ms.append(wall)
        cpu.append(c)
        traces.append(m)
        print("  boot %2d  %7.1f ms  (cpu %.0f ms, boot to exit)" % (i + 1, wall, c), file=sys.stderr, flush=True)
    print("%-34s n=%d  min %6.1f  median %6.1f  max %6.1f ms   cpu median %4.0f ms" % (
        a.label, len(ms), min(ms), median(ms), max(ms), median(cpu)), flush=True)
    names = []
    for t in traces:
        names += [k for k in sorted(t, key=t.get) if k not in names]
    for k in names:  # median time from exec at which each boot phase ended
        vals = [t[k] for t in traces if k in t]
        print("    %-20s ends at %6.1f ms (median of %d)" % (k, median(vals), len(vals)), flush=True)

def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2

if __name__ == "__main__":
    main()
