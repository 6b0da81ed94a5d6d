#!/usr/bin/env python3
"""bench/tcp's report: per server and direction, the median MB/s over rounds and Kiln / Linux ratios."""
import argparse, statistics

LABEL = {"linux": "Linux (veth, offloads on)", "linux-nooff": "Linux (veth, offloads off)",
         "kiln-tap": "Kiln (tap, own TCP)", "kiln-host": "Kiln (host sockets)"}
DIRS = {"to-server": "client → server (sink: sender's clock stops at the server's byte count)",
        "from-server": "server → client (source: N bytes, clock stops at EOF)"}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tsv")
    for k in ("command", "date", "facts", "links", "skipped", "buffer-kib"):
        p.add_argument("--" + k, default="")
    a = p.parse_args()
    runs = {}
    rows = []
    for line in open(a.tsv):
        rnd, server, d, b, s, load = line.split("\t")
        mbs = int(b) / float(s) / 1e6
        runs.setdefault((server, d), []).append(mbs)
        rows.append((int(rnd), server, d, int(b), float(s), mbs, load.strip()))
    out = ["# Bulk TCP throughput: Kiln beside Linux", "",
           "- Command: `%s`" % a.command, "- Date: %s" % a.date, a.facts,
           "- Client: `examples/bulk/bulkpeer.py` (python3, 256 KiB send/recv calls, 4 MiB socket buffers, no hashing) "
           "for every server; the Linux server is the same script's `serve`",
           "- Kiln appliance buffers: %s KiB each way per connection" % a.buffer_kib]
    for l in filter(None, a.links.split(";")):
        s, info = l.split("=", 1)
        out.append("- Path of %s: %s" % (s, info))
    if a.skipped:
        out.append("- Skipped: %s" % a.skipped)
    servers = [s for s in LABEL if any(k[0] == s for k in runs)]
    for d, what in DIRS.items():
        out += ["", "## %s" % what, "",
                "| Server | MB/s (median) | min – max | runs | × Linux | × Linux (offloads off) |",
                "|---|---:|---:|---:|---:|---:|"]
        base = {b: statistics.median(runs[(b, d)]) for b in ("linux", "linux-nooff") if (b, d) in runs}
        for s in servers:
            v = runs.get((s, d))
            if not v:
                continue
            m = statistics.median(v)
            ratio = lambda b: "%.2f" % (m / base[b]) if b in base and s != b else "–"
            out.append("| %s | %.1f | %.1f – %.1f | %d | %s | %s |" % (LABEL[s], m, min(v), max(v), len(v), ratio("linux"), ratio("linux-nooff")))
    out += ["", "Goal (issue 4): Kiln ≥ 0.8 × Linux per direction. MB/s = 10^6 bytes per second of the client's clock.",
            "", "<details><summary>every run</summary>", "", "| round | server | direction | bytes | s | MB/s | load |", "|---:|---|---|---:|---:|---:|---:|"]
    out += ["| %d | %s | %s | %d | %.3f | %.1f | %s |" % r for r in rows]
    out += ["", "</details>"]
    print("\n".join(out))


if __name__ == "__main__":
    main()
