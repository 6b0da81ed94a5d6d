#!/usr/bin/env python3
"""Exec -> first DNS answer, measured N times.

Runs inside the network namespace the appliance boots in (bench/boot/run.sh puts it there).
For each boot: take t0, spawn the appliance (posix_spawn), send a DNS query for NAME SOA
every millisecond (a fresh id each time, on a fresh socket per boot) until an answer arrives, take
t1, then stop the appliance with SIGTERM and wait for it. Prints one line per boot and a
summary line: label n min median max (milliseconds), and the median CPU time (user+system)
the appliance used from exec to exit, which is less sensitive to other load on the machine.
If the appliance prints boot-trace lines (-Dkiln.boot.trace=true), the median time from exec
at which each phase ended follows.
"""
import argparse, os, select, signal, socket, struct, sys, time

def query(qid, name):
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".") if p) + b"\0"
    return struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0) + labels + struct.pack(">HH", 6, 1)

def boot_once(cmd, env, server, port, name, timeout_s, log):
    open(log, "w").close()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    t0 = time.monotonic_ns()
    pid = os.posix_spawn(cmd[0], cmd, env, file_actions=[(os.POSIX_SPAWN_OPEN, 1, log, os.O_WRONLY | os.O_APPEND, 0),
                                                          (os.POSIX_SPAWN_DUP2, 1, 2)])
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
        cpu = None
        if pid:
            os.kill(pid, signal.SIGTERM)
            _, _, ru = os.wait4(pid, 0)
            cpu = (ru.ru_utime + ru.ru_stime) * 1e3
        s.close()
    if t1 is None:
        raise SystemExit("no answer within %.0f s; the appliance's output is in %s" % (timeout_s, log))
    marks = {}
    with open(log) as f:  # boot-trace NAME NANOS lines (-Dkiln.boot.trace=true): CLOCK_MONOTONIC, as t0
        for line in f:
            p = line.split()
            if len(p) == 3 and p[0] == "boot-trace" and p[1] not in marks:  # the first of each name
                marks[p[1]] = (int(p[2]) - t0) / 1e6
    return (t1 - t0) / 1e6, cpu, marks

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
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    env = dict(os.environ)
    for kv in a.env:
        k, _, v = kv.partition("=")
        env[k] = v
    ms, cpu, traces = [], [], []
    for i in range(a.boots):
        if a.until_exit:
            wall, c, marks = run_once(cmd, env, a.log)
        else:
            wall, c, marks = boot_once(cmd, env, a.server, a.port, a.name, a.timeout, a.log)
        ms.append(wall)
        cpu.append(c)
        traces.append(marks)
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
