#!/usr/bin/env python3
"""A user-space stand-in for `tc qdisc ... netem`: forwards Ethernet frames between two network
devices (AF_PACKET sockets, standard library only), dropping, delaying and reordering them with
netem's semantics, independently per direction. This machine's kernel has no sch_netem
(CONFIG_NET_SCH_NETEM unset, no modules), so the netem interop tests put this relay on the path.

  netem_relay.py DEV_A DEV_B [--loss PCT] [--delay-ms MS] [--reorder PCT] [--reorder-corr PCT] [--seed N]

--loss PCT           each frame is dropped with probability PCT% (netem `loss PCT%`)
--delay-ms MS        frames are held MS milliseconds (netem `delay MSms`)
--reorder PCT        with a delay: PCT% of frames (correlated by --reorder-corr, netem's
                     `reorder PCT% CORR%`) go at once, overtaking the delayed ones
Frames are forwarded as they are (MACs untouched): both devices must have no address and NOARP, and
checksum/segmentation offloads off on the kernel's side, so frames are whole and checksummed.
Prints `relay ready` once both sockets are bound, and on SIGTERM/SIGINT one JSON line of counters
per direction (forwarded, dropped, reordered, kernel drops), then exits 0.
"""
import argparse, heapq, json, random, select, signal, socket, sys, time

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_STATISTICS = 6
PACKET_IGNORE_OUTGOING = 23
PACKET_OUTGOING = 4
BATCH = 256
MAX_FRAME = 1514  # Ethernet header + a 1500-byte MTU


class Direction:
    """netem for frames read on `src` and written on `dst`, with its own random stream."""

    def __init__(self, name, src, dst, a, seed):
        self.name, self.src, self.dst = name, src, dst
        self.loss, self.delay = a.loss / 100.0, a.delay_ms / 1000.0
        self.reorder, self.corr = a.reorder / 100.0, a.reorder_corr / 100.0
        self.rng = random.Random(seed)
        self.last = 0.0
        self.c = {"forwarded": 0, "dropped": 0, "reordered": 0, "delayed": 0, "send_errors": 0, "oversize": 0}

    def correlated(self):
        # netem's get_crandom: a new uniform value pulled towards the last one by the correlation
        v = self.rng.random() * (1 - self.corr) + self.last * self.corr
        self.last = v
        return v

    def take(self, frame, now, held, seq):
        if len(frame) > MAX_FRAME:
            # a segmentation-offload super-frame (a TAP with TSO on, a veth with GSO on): it cannot
            # cross a 1500-byte link whole; counted so the test can say so instead of timing out
            self.c["oversize"] += 1
        if self.loss > 0 and self.rng.random() < self.loss:
            self.c["dropped"] += 1
            return
        if self.delay > 0 and not (self.reorder > 0 and self.correlated() < self.reorder):
            self.c["delayed"] += 1
            heapq.heappush(held, (now + self.delay, seq, self, frame))
            return
        if self.delay > 0:
            self.c["reordered"] += 1
        self.send(frame)

    def send(self, frame):
        try:
            self.dst.send(frame)
            self.c["forwarded"] += 1
        except OSError:
            self.c["send_errors"] += 1  # e.g. the appliance has not opened its TAP yet


def open_dev(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    try:
        s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)  # not our own sends back
    except OSError:
        pass  # older kernels: outgoing frames are filtered by pkttype below
    for opt in (33, 32):  # SO_RCVBUFFORCE, SO_SNDBUFFORCE (root): bursts are not lost in the relay
        try:
            s.setsockopt(socket.SOL_SOCKET, opt, 8 << 20)
        except OSError:
            pass
    s.bind((name, ETH_P_ALL))
    s.setblocking(False)
    return s


def kernel_drops(s):
    try:
        packets, drops = __import__("struct").unpack("II", s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
        return drops
    except OSError:
        return None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dev_a")
    p.add_argument("dev_b")
    p.add_argument("--loss", type=float, default=0.0)
    p.add_argument("--delay-ms", type=float, default=0.0)
    p.add_argument("--reorder", type=float, default=0.0)
    p.add_argument("--reorder-corr", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    for v, what in ((a.loss, "--loss"), (a.reorder, "--reorder"), (a.reorder_corr, "--reorder-corr")):
        if not 0 <= v <= 100:
            p.error(what + " is a percentage, 0-100")
    if a.delay_ms < 0 or (a.reorder > 0 and a.delay_ms == 0):
        p.error("--reorder needs --delay-ms > 0 (as netem: reordering is some frames skipping the delay)")
    sa, sb = open_dev(a.dev_a), open_dev(a.dev_b)
    dirs = {sa.fileno(): Direction(a.dev_a + "->" + a.dev_b, sa, sb, a, a.seed * 2),
            sb.fileno(): Direction(a.dev_b + "->" + a.dev_a, sb, sa, a, a.seed * 2 + 1)}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    held, seq = [], 0
    print("relay ready", flush=True)
    while not stop:
        now = time.monotonic()
        while held and held[0][0] <= now:
            _, _, d, frame = heapq.heappop(held)
            d.send(frame)
        timeout = max(0.0, held[0][0] - now) if held else 0.5
        try:
            ready, _, _ = select.select(list(dirs), [], [], timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        for fd in ready:
            d = dirs[fd]
            for _ in range(BATCH):
                try:
                    frame, addr = d.src.recvfrom(65536)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                seq += 1
                d.take(frame, now, held, seq)
    for d in dirs.values():
        d.c["kernel_drops"] = kernel_drops(d.src)
        print(json.dumps({"direction": d.name, **d.c}), flush=True)


if __name__ == "__main__":
    main()
