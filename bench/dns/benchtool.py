#!/usr/bin/env python3
"""Helpers for bench/dns/run.sh: zone and query generation, a readiness/sanity
probe, process-tree CPU accounting, dnsperf output parsing and the report.

Standard library only (no dnspython), so it runs wherever python3 does.

Subcommands:
  gen-zone    ORIGIN N OUT          write a master file with N names
  gen-queries ORIGIN N OUT [COUNT]  write a dnsperf query file for that zone
  probe       ADDR PORT ORIGIN [TIMEOUT_S]
                                    wait until the server answers correctly
  cputicks    PID                   utime+stime (ticks) of PID and all descendants
  parse       DNSPERF_OUTPUT        print dnsperf statistics as key=value lines
  report      RUNS_TSV META_JSON    print the markdown report
"""

import json
import os
import random
import socket
import statistics
import struct
import sys
import time

# ---------------------------------------------------------------- zones

# Every name's A record points into one of the three documentation ranges
# (RFC 5737); AAAA records use 2001:db8::/32 (RFC 3849).
DOC_V4 = ("192.0.2.", "198.51.100.", "203.0.113.")


def name_of(i):
    return f"host-{i:05d}"


def has_aaaa(i):
    return i % 4 == 0


def has_mx(i):
    return i % 10 == 0


def has_txt(i):
    return i % 20 == 0


def gen_zone(origin, n, out):
    origin = origin.rstrip(".") + "."
    lines = [
        f"$ORIGIN {origin}",
        "$TTL 3600",
        f"{origin} 3600 IN SOA ns1.{origin} hostmaster.{origin} 2026112801 7200 3600 1209600 300",
        f"{origin} 3600 IN NS ns1.{origin}",
        f"ns1.{origin} 3600 IN A 192.0.2.53",
        f"ns1.{origin} 3600 IN AAAA 2001:db8::53",
    ]
    for i in range(n):
        owner = f"{name_of(i)}.{origin}"
        lines.append(f"{owner} 3600 IN A {DOC_V4[i % 3]}{i % 254 + 1}")
        if has_aaaa(i):
            lines.append(f"{owner} 3600 IN AAAA 2001:db8::{i:x}")
        if has_mx(i):
            lines.append(f"{owner} 3600 IN MX 10 {owner}")
        if has_txt(i):
            lines.append(f'{owner} 3600 IN TXT "kiln bench record {i}"')
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


# Query mix (documented in bench/README.md):
#   75% A    for existing names        -> NOERROR with one A
#   10% AAAA for names that have AAAA  -> NOERROR with one AAAA
#    5% MX   for names that have MX    -> NOERROR with one MX
#   10% A    for names that don't exist -> NXDOMAIN
MIX = (("A", 75), ("AAAA", 10), ("MX", 5), ("NX", 10))


def gen_queries(origin, n, out, count=50000):
    origin = origin.rstrip(".") + "."
    rnd = random.Random(20261128 + n)  # same file for the same size, every run
    kinds = [k for k, w in MIX for _ in range(w)]
    aaaa = [i for i in range(n) if has_aaaa(i)] or [0]
    mx = [i for i in range(n) if has_mx(i)] or [0]
    with open(out, "w") as f:
        for _ in range(count):
            k = rnd.choice(kinds)
            if k == "A":
                f.write(f"{name_of(rnd.randrange(n))}.{origin} A\n")
            elif k == "AAAA":
                f.write(f"{name_of(rnd.choice(aaaa))}.{origin} AAAA\n")
            elif k == "MX":
                f.write(f"{name_of(rnd.choice(mx))}.{origin} MX\n")
            else:
                f.write(f"nx-{rnd.randrange(1 << 30):08x}.{origin} A\n")


# ---------------------------------------------------------------- probe

def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


def query(addr, port, name, qtype, timeout):
    """One UDP query; returns (rcode, ancount, aa) or None on timeout."""
    qid = random.randrange(65536)
    msg = struct.pack("!HHHHHH", qid, 0x0000, 1, 0, 0, 0)
    msg += encode_name(name) + struct.pack("!HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(msg, (addr, port))
        try:
            while True:
                data, _ = s.recvfrom(4096)
                if len(data) >= 12 and struct.unpack("!H", data[:2])[0] == qid:
                    flags, _, an = struct.unpack("!HHH", data[2:8])
                    return flags & 0xF, an, bool(flags & 0x0400)
        except (socket.timeout, OSError):
            return None


def probe(addr, port, origin, timeout_s=30.0):
    """Wait (with a deadline) until the server answers for the zone, then
    check a positive answer and a NXDOMAIN, so we never benchmark REFUSED."""
    origin = origin.rstrip(".") + "."
    deadline = time.monotonic() + timeout_s
    last = "no answer"
    while time.monotonic() < deadline:
        r = query(addr, port, origin, 6, 0.5)  # SOA
        if r is not None and r[0] == 0 and r[1] >= 1:
            break
        last = "no answer" if r is None else f"rcode {r[0]}, {r[1]} answers"
        time.sleep(0.1)
    else:
        print(f"probe: {addr}:{port} did not serve {origin} SOA within {timeout_s:.0f} s ({last})",
              file=sys.stderr)
        return 1
    r = query(addr, port, f"{name_of(0)}.{origin}", 1, 2.0)
    if r is None or r[0] != 0 or r[1] != 1:
        print(f"probe: {name_of(0)}.{origin} A: expected NOERROR with 1 answer, got {r}",
              file=sys.stderr)
        return 1
    r = query(addr, port, f"nx-probe.{origin}", 1, 2.0)
    if r is None or r[0] != 3:
        print(f"probe: nx-probe.{origin} A: expected NXDOMAIN (3), got {r}", file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------- CPU

def _stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    rest = s[s.rindex(")") + 2:].split()
    # rest[0]=state (field 3), rest[1]=ppid (4), rest[11]=utime (14), rest[12]=stime (15)
    return int(rest[1]), int(rest[11]) + int(rest[12])


def cputicks(root):
    """utime+stime of root and every live descendant process. A process's
    /proc/PID/stat already sums all of its threads (a JVM is one process)."""
    children = {}
    ticks = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            ppid, t = _stat(d)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
        ticks[int(d)] = t
    if root not in ticks:
        return None
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += ticks.get(p, 0)
        todo.extend(children.get(p, []))
    return total


# ---------------------------------------------------------------- dnsperf

def parse_dnsperf(path):
    stats = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("Queries sent:"):
                stats["sent"] = int(line.split()[2])
            elif line.startswith("Queries completed:"):
                stats["completed"] = int(line.split()[2])
            elif line.startswith("Queries lost:"):
                stats["lost"] = int(line.split()[2])
            elif line.startswith("Run time (s):"):
                stats["runtime"] = float(line.split()[3])
            elif line.startswith("Queries per second:"):
                stats["qps"] = float(line.split()[3])
            elif line.startswith("Average Latency (s):"):
                stats["latency"] = float(line.split()[3])
            elif line.startswith("Response codes:"):
                codes = {}
                for part in line.split(":", 1)[1].split(","):
                    w = part.split()
                    if len(w) >= 2:
                        codes[w[0]] = int(w[1])
                done = sum(codes.values()) or 1
                stats["nxpct"] = 100.0 * codes.get("NXDOMAIN", 0) / done
                stats["otherpct"] = 100.0 * sum(
                    v for k, v in codes.items() if k not in ("NOERROR", "NXDOMAIN")) / done
    need = ("sent", "completed", "lost", "runtime", "qps", "latency")
    missing = [k for k in need if k not in stats]
    if missing:
        print(f"parse: {path}: dnsperf output lacks {', '.join(missing)}", file=sys.stderr)
        return 1
    stats.setdefault("nxpct", 0.0)
    stats.setdefault("otherpct", 0.0)
    for k, v in stats.items():
        print(f"{k}={v}")
    return 0


# ---------------------------------------------------------------- report

ORDER = ("nsd", "knot", "bind", "kiln-host", "kiln-tap")
LABEL = {"nsd": "NSD", "knot": "Knot", "bind": "BIND 9",
         "kiln-host": "Kiln (host)", "kiln-tap": "Kiln (tap)"}


def fmt_ratio(a, b):
    return f"{a / b:.2f}" if a and b else "–"


def report(runs_tsv, meta_json):
    with open(meta_json) as f:
        meta = json.load(f)
    rows = []
    with open(runs_tsv) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.strip():
                rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    out = []
    w = out.append
    w(f"## DNS side by side — {meta['date']}")
    w("")
    w(f"- Machine: {meta['nproc']} CPUs, {meta['cpu']}, kernel {meta['kernel']}, "
      f"load average at start {meta['loadavg']}")
    for s in ORDER:
        if s in meta.get("versions", {}):
            w(f"- {LABEL[s]}: {meta['versions'][s]}")
    w(f"- dnsperf: {meta['dnsperf']}")
    jit = (f" (and {meta['jit_warmup']} s once for each Kiln server after it starts, for the JIT)"
           if meta.get("jit_warmup") and any(k.startswith("kiln") for k in meta.get("versions", {})) else "")
    w(f"- Method: server pinned to CPU 0, dnsperf pinned to CPU 1 "
      f"(`dnsperf -T 1 -c 8 -q 200 -l {meta['duration']}"
      f"{' -Q ' + str(meta['rate']) if meta.get('rate') else ''}`"
      f"{', a fixed offered load' if meta.get('rate') else ', as fast as the client goes'}), "
      f"{meta['warmup']} s warm-up "
      f"before each measured run{jit}, {meta['rounds']} round(s) with the servers interleaved, "
      f"medians shown. Server CPU = utime+stime of the server's process tree "
      f"(all threads) from /proc/PID/stat over the measured run.")
    w(f"- Query mix: 75% A, 10% AAAA, 5% MX for existing names, 10% A for missing names "
      f"(NXDOMAIN); 50,000 queries per file, replayed in a loop.")
    loads = [float(r["loadavg"].split()[0]) for r in rows if r.get("loadavg")]
    if loads:
        w(f"- 1-minute load average during the measured runs: {min(loads):.1f}–{max(loads):.1f} "
          f"(on {meta['nproc']} CPUs; above ~2 other work competed with the benchmark)")
    if meta.get("skipped"):
        w(f"- Not measured: {meta['skipped']}")
    w(f"- Command: `{meta['command']}`")
    w("")
    w("| Names | Server | qps | Avg latency (ms) | Lost | Server CPU (s) | Server core busy "
      "| Queries / CPU-s | qps ÷ NSD | qps ÷ Knot | per-core ÷ NSD | per-core ÷ Knot | NXDOMAIN |")
    w("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    sizes = sorted({int(r["size"]) for r in rows})
    for size in sizes:
        agg = {}
        for s in ORDER:
            rs = [r for r in rows if int(r["size"]) == size and r["server"] == s]
            if not rs:
                continue
            med = lambda k: statistics.median(float(r[k]) for r in rs)
            percore = [float(r["completed"]) / float(r["cpu_s"]) for r in rs if float(r["cpu_s"]) > 0]
            agg[s] = {
                "qps": med("qps"), "lat": med("latency") * 1000, "lost": med("lost"),
                "cpu": med("cpu_s"), "busy": 100 * statistics.median(
                    float(r["cpu_s"]) / float(r["runtime"]) for r in rs),
                "pc": statistics.median(percore) if percore else 0.0,
                "nx": med("nxpct"), "other": med("otherpct"), "n": len(rs)}
        base_n, base_k = agg.get("nsd"), agg.get("knot")
        for s, a in agg.items():
            nx = f"{a['nx']:.1f}%" + (f" (+{a['other']:.1f}% other)" if a["other"] > 0 else "")
            w(f"| {size:,} | {LABEL[s]} | {a['qps']:,.0f} | {a['lat']:.3f} | {a['lost']:,.0f} "
              f"| {a['cpu']:.2f} | {a['busy']:.0f}% | {a['pc']:,.0f} "
              f"| {fmt_ratio(a['qps'], base_n and base_n['qps'])} "
              f"| {fmt_ratio(a['qps'], base_k and base_k['qps'])} "
              f"| {fmt_ratio(a['pc'], base_n and base_n['pc'])} "
              f"| {fmt_ratio(a['pc'], base_k and base_k['pc'])} | {nx} |")
    w("")
    w("Queries / CPU-s = completed queries ÷ server CPU-seconds: the throughput one fully "
      "busy server core would give. With 2 cores one dnsperf core is usually the limit, "
      "so compare this column, not qps alone. The machine is shared: runs differ by up to "
      "~15%; compare ratios.")
    w("")
    w("<details><summary>Every measured run</summary>")
    w("")
    w("| Names | Round | Server | qps | Avg latency (ms) | Completed | Lost | Server CPU (s) | Load avg |")
    w("|---:|---:|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        w(f"| {int(r['size']):,} | {r['round']} | {LABEL.get(r['server'], r['server'])} "
          f"| {float(r['qps']):,.0f} | {float(r['latency']) * 1000:.3f} | {int(r['completed']):,} "
          f"| {int(r['lost']):,} | {float(r['cpu_s']):.2f} | {r['loadavg']} |")
    w("")
    w("</details>")
    print("\n".join(out))
    return 0


# ---------------------------------------------------------------- main

def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "gen-zone":
        gen_zone(args[0], int(args[1]), args[2])
        return 0
    if cmd == "gen-queries":
        gen_queries(args[0], int(args[1]), args[2], int(args[3]) if len(args) > 3 else 50000)
        return 0
    if cmd == "probe":
        return probe(args[0], int(args[1]), args[2], float(args[3]) if len(args) > 3 else 30.0)
    if cmd == "cputicks":
        t = cputicks(int(args[0]))
        if t is None:
            print(f"cputicks: process {args[0]} is gone", file=sys.stderr)
            return 1
        print(t)
        return 0
    if cmd == "parse":
        return parse_dnsperf(args[0])
    if cmd == "report":
        return report(args[0], args[1])
    print(f"unknown subcommand {cmd!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
