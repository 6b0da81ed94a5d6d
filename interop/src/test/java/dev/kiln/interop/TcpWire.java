package dev.kiln.interop;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Raw DNS over TCP from inside the namespace (the test JVM is outside it): a python3 program opens
 * one connection, writes the given prefixed queries either in one write (pipelined) or one byte per
 * write (trickled), and prints each prefixed answer it reads as a hex line, until it has {@code n}
 * answers, the server closes, or the time limit passes.
 */
final class TcpWire {
    static final String SCRIPT = """
            import socket, sys, time
            addr, port, data, mode, n = sys.argv[1], int(sys.argv[2]), bytes.fromhex(sys.argv[3]), sys.argv[4], int(sys.argv[5])
            s = socket.create_connection((addr, port), timeout=10)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if mode == 'pipeline':
                s.sendall(data)
            else:
                for i in range(len(data)):
                    s.sendall(data[i:i+1])
                    time.sleep(0.001)
            def exact(k):
                b = b''
                while len(b) < k:
                    c = s.recv(k - len(b))
                    if not c:
                        return None
                    b += c
                return b
            for _ in range(n):
                p = exact(2)
                if p is None:
                    print('EOF', flush=True)
                    break
                m = exact(int.from_bytes(p, 'big'))
                if m is None:
                    print('EOF', flush=True)
                    break
                print(m.hex(), flush=True)
            """;

    private TcpWire() {}

    /** The answers (without prefixes) in the order read; "EOF" where the server closed early. */
    static List<String> exchange(Namespace ns, Target t, List<byte[]> queries, boolean trickle) {
        StringBuilder hex = new StringBuilder();
        for (byte[] q : queries) hex.append(String.format("%04x", q.length)).append(HexFormat.of().formatHex(q));
        Proc.Result r = ns.run(Duration.ofSeconds(30), Env.PYTHON3.orElseThrow().toString(), "-c", SCRIPT, t.address(),
                Integer.toString(t.port()), hex.toString(), trickle ? "trickle" : "pipeline", Integer.toString(queries.size()));
        if (r.exit() != 0) throw new AssertionError("the TCP client failed against " + t + ":\n" + r.describe());
        return r.stdout().lines().toList();
    }
}
