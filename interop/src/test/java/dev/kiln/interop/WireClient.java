package dev.kiln.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends DNS queries as exact bytes from inside the namespace and returns the exact reply bytes.
 * The test JVM lives outside the namespace, so a small python3 program (standard library only)
 * runs inside it, reading "SEQ ADDR PORT TIMEOUT_MS HEX" lines (HEX "-" for an empty datagram) and writing "SEQ R HEX" (reply),
 * "SEQ T" (no reply in time) or "SEQ E WHY". One UDP socket per query, connected, so only the server's
 * reply with the query's ID counts. Every wait is bounded.
 */
final class WireClient implements AutoCloseable {
    static final String SCRIPT = """
            import socket, sys, time
            for line in sys.stdin:
                out = 'E bad request'
                n = '?'
                try:
                    n, a, p, t, h = line.split()
                    q = b'' if h == '-' else bytes.fromhex(h)
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    try:
                        s.connect((a, int(p)))
                        s.send(q)
                        end = time.monotonic() + int(t) / 1000.0
                        out = 'T'
                        while True:
                            left = end - time.monotonic()
                            if left <= 0:
                                break
                            s.settimeout(left)
                            try:
                                r = s.recv(65535)
                            except socket.timeout:
                                break
                            except ConnectionRefusedError:
                                out = 'E connection refused (ICMP port unreachable)'
                                break
                            if len(q) < 2 or (len(r) >= 2 and r[:2] == q[:2]):
                                out = 'R ' + r.hex()
                                break
                    finally:
                        s.close()
                except Exception as e:
                    out = 'E ' + repr(e).replace('\\n', ' ')
                print(n + ' ' + out, flush=True)
            """;

    /** One exchange: the reply bytes, or null with the reason ("timeout", or the client's error). */
    record Reply(byte[] response, String error) {
        boolean ok() { return response != null; }

        @Override
        public String toString() {
            return response != null ? "reply of " + response.length + " bytes: " + HexFormat.of().formatHex(response) : error;
        }
    }

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private long sequence;

    private WireClient(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        Thread.ofPlatform().daemon().name("kiln-it-wireclient-out").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                String l;
                while ((l = r.readLine()) != null) lines.add(l);
            } catch (IOException e) {
                lines.add("E client output: " + e);
            }
            lines.add("E client exited");
        });
        Thread.ofPlatform().daemon().name("kiln-it-wireclient-err").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) synchronized (stderr) { stderr.append(l).append('\n'); }
            } catch (IOException e) {
                // process gone
            }
        });
    }

    /** Starts the client inside the namespace. */
    static WireClient start(Namespace ns) throws IOException {
        Process p = new ProcessBuilder(ns.exec(List.of(Env.PYTHON3.orElseThrow().toString(), "-u", "-c", SCRIPT))).start();
        return new WireClient(p);
    }

    /** Sends {@code query} to ADDR:PORT over UDP and waits at most {@code timeout} for the reply. */
    synchronized Reply ask(String address, int port, byte[] query, Duration timeout) throws IOException, InterruptedException {
        lines.clear();
        if (!process.isAlive()) return new Reply(null, "wire client exited: " + stderr());
        String hex = query.length == 0 ? "-" : HexFormat.of().formatHex(query);
        String tag = Long.toString(++sequence);
        in.write(tag + " " + address + " " + port + " " + timeout.toMillis() + " " + hex + "\n");
        in.flush();
        // the client answers each request within its timeout; skip any late answer to an earlier one
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
        String l;
        while (true) {
            l = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null) return new Reply(null, "wire client did not answer in time: " + stderr());
            if (l.startsWith(tag + " ")) { l = l.substring(tag.length() + 1); break; }
            if (l.startsWith("E ")) return new Reply(null, l.substring(2) + " / " + stderr()); // the client itself failed
        }
        if (l.startsWith("R ")) return new Reply(HexFormat.of().parseHex(l.substring(2)), null);
        if (l.equals("T")) return new Reply(null, "timeout: no reply from " + address + ":" + port + " within " + timeout.toMillis() + " ms");
        return new Reply(null, l.substring(Math.min(2, l.length())) + (stderr().isEmpty() ? "" : " / " + stderr()));
    }

    /** Like {@link #ask} but retries a lost datagram up to {@code tries} times. */
    Reply askRetrying(String address, int port, byte[] query, Duration timeout, int tries) throws IOException, InterruptedException {
        Reply r = null;
        for (int i = 0; i < tries; i++) {
            r = ask(address, port, query, timeout);
            if (r.ok() || !r.error().startsWith("timeout")) return r;
        }
        return r;
    }

    private String stderr() {
        synchronized (stderr) { return stderr.toString(); }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        Proc.stop(process.toHandle(), Duration.ofSeconds(3));
    }
}
