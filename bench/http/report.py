#!/usr/bin/env python3
"""bench/http's report: wrk requests/s, latency percentiles and transfer rate per server and file, medians over rounds."""
import os, re, statistics, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tcp"))
from benchreport import args, every_run, header  # noqa: E402

LABEL = {"nginx": "nginx (1 worker, veth)", "nginx-copy": "nginx, sendfile off (1 worker, veth)", "kiln-tap": "Kiln www (tap, own TCP)", "kiln-host": "Kiln www (host sockets, veth)"}
UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
SIZE = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    return float(m.group(1)) * UNIT[m.group(2)] if m else None


def parse(path):
    t = open(path).read()
    r = {"rps": None, "p50": None, "p99": None, "mbs": None, "errors": 0}
    m = re.search(r"^Requests/sec:\s+([\d.]+)", t, re.M)
    if m:
        r["rps"] = float(m.group(1))
    for pct, key in (("50", "p50"), ("99", "p99")):
        m = re.search(r"^\s+%s%%\s+(\S+)" % pct, t, re.M)
        if m:
            r[key] = ms(m.group(1))
    m = re.search(r"^Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", t, re.M)
    if m:
        r["mbs"] = float(m.group(1)) * SIZE[m.group(2)] / 1e6
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    if m:
        r["errors"] += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
    if m:
        r["errors"] += sum(int(x) for x in m.groups())
    return r


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(v, f):
    return f % v if v is not None else "–"


def main():
    a = args("connections", "sizes", "appliance-jvm", "www-jvm-options", "kiln-tap-how")
    runs = {}
    rows = []
    for line in open(a.tsv):
        rnd, server, f, path, load = line.rstrip("\n").split("\t")
        r = parse(path)
        runs.setdefault((server, f), []).append(r)
        rows.append((rnd, server, f, r, load))
    out = header("HTTP: Kiln's web appliance beside nginx", a,
           "- Client: `wrk -t1 -c%s --latency` (keep-alive), one thread on the client CPU" % a.connections,
           "- Files: %s (same bytes for every server; each checked byte for byte with curl before measuring)" % a.sizes.replace(";", ", ").replace("=", " "),
           "- Kiln from jars (kiln-host, and kiln-tap with `--kiln-from jars`): `java %s` (jvm-options= of examples/www/appliance.properties: `%s`)"
           % (a.appliance_jvm or "?", a.www_jvm_options or "none"),
           "- kiln-tap: %s" % (a.kiln_tap_how or "the jars, as above"))
    files = sorted({k[1] for k in runs}, key=lambda f: (f != "small.html", f))
    for f in files:
        out += ["", "## /%s" % f, "", "| Server | requests/s (median) | min – max | p50 ms | p99 ms | MB/s | errors | × nginx (req/s) |",
                "|---|---:|---:|---:|---:|---:|---:|---:|"]
        base = med(r["rps"] for r in runs.get(("nginx", f), []))
        for s in LABEL:
            rs = runs.get((s, f))
            if not rs:
                continue
            rps = [r["rps"] for r in rs if r["rps"] is not None]
            m = med(rps)
            out.append("| %s | %s | %s | %s | %s | %s | %d | %s |" % (
                LABEL[s], fmt(m, "%.0f"), "%.0f – %.0f" % (min(rps), max(rps)) if rps else "–",
                fmt(med(r["p50"] for r in rs), "%.2f"), fmt(med(r["p99"] for r in rs), "%.2f"),
                fmt(med(r["mbs"] for r in rs), "%.1f"), sum(r["errors"] for r in rs),
                "%.2f" % (m / base) if base and m and s != "nginx" else "–"))
    out += ["", "Latency percentiles are wrk's (`--latency`), medians over rounds; errors = non-2xx/3xx + socket errors."]
    out += every_run([("round", 1), ("server", 0), ("file", 0), ("req/s", 1), ("p50 ms", 1), ("p99 ms", 1), ("load", 1)],
                     [(rnd, s, f, fmt(r["rps"], "%.0f"), fmt(r["p50"], "%.2f"), fmt(r["p99"], "%.2f"), load) for rnd, s, f, r, load in rows])
    print("\n".join(out))


if __name__ == "__main__":
    main()
