#!/usr/bin/env python3
"""bench/tcp's report: per server and direction, the median MB/s over rounds and Kiln / Linux ratios."""
import statistics

from benchreport import args, every_run, header

LABEL = {"linux": "Linux (veth, offloads on)", "linux-nooff": "Linux (veth, offloads off)",
         "kiln-tap": "Kiln (tap, own TCP)", "kiln-host": "Kiln (host sockets)"}
DIRS = {"to-server": "client → server (sink: sender's clock stops at the server's byte count)",
        "from-server": "server → client (source: N bytes, clock stops at EOF)"}


def main():
    a = args("buffer-kib")
    runs = {}
    rows = []
    for line in open(a.tsv):
        rnd, server, d, b, s, load = line.split("\t")
        mbs = int(b) / float(s) / 1e6
        runs.setdefault((server, d), []).append(mbs)
        rows.append((rnd, server, d, b, "%.3f" % float(s), "%.1f" % mbs, load.strip()))
    out = header("Bulk TCP throughput: Kiln beside Linux", a,
           "- Client: `examples/bulk/bulkpeer.py` (python3, 256 KiB send/recv calls, 4 MiB socket buffers, no hashing) "
           "for every server; the Linux server is the same script's `serve`",
           "- Kiln appliance buffers: %s KiB each way per connection" % a.buffer_kib)
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
    out += ["", "Goal (issue 4): Kiln ≥ 0.8 × Linux per direction. MB/s = 10^6 bytes per second of the client's clock."]
    out += every_run([("round", 1), ("server", 0), ("direction", 0), ("bytes", 1), ("s", 1), ("MB/s", 1), ("load", 1)], rows)
    print("\n".join(out))


if __name__ == "__main__":
    main()
