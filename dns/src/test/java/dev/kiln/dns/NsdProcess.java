package dev.kiln.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A real NSD on 127.0.0.1 and a free high port, serving the test zones, RRL off. Stopped by PID. */
final class NsdProcess implements AutoCloseable {
    static final Path NSD = Path.of("/usr/sbin/nsd");
    final Path dir;
    final int port;
    private final Process process;
    private final DatagramSocket socket;

    NsdProcess() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("kiln-nsd");
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) { port = probe.getLocalPort(); }
        StringBuilder conf = new StringBuilder("""
                server:
                  ip-address: 127.0.0.1@%d
                  port: %d
                  username: ""
                  chroot: ""
                  zonesdir: "%s"
                  database: ""
                  pidfile: "%s/nsd.pid"
                  xfrdfile: "%s/xfrd.state"
                  zonelistfile: "%s/zone.list"
                  logfile: "%s/nsd.log"
                  server-count: 1
                  verbosity: 0
                  rrl-ratelimit: 0
                remote-control:
                  control-enable: no
                """.formatted(port, port, dir, dir, dir, dir, dir));
        for (String z : TestZones.FILES) {
            Files.copy(Path.of(TestZones.resourceDir(), z + ".zone"), dir.resolve(z + ".zone"));
            conf.append("zone:\n  name: ").append(z).append("\n  zonefile: ").append(z).append(".zone\n");
        }
        Files.writeString(dir.resolve("nsd.conf"), conf);
        process = new ProcessBuilder(NSD.toString(), "-d", "-c", dir.resolve("nsd.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nsd.out").toFile()).start();
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(200);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            if (!process.isAlive()) throw new IOException("nsd exited: " + Files.readString(dir.resolve("nsd.out")));
            if (ask(Queries.query("example.com.", 6)) != null) break;
            if (System.nanoTime() > deadline) throw new IOException("nsd did not answer within 15 s");
        }
    }

    /** Sends a query over UDP and returns the answer, or null on timeout. */
    byte[] ask(byte[] query) throws IOException {
        socket.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            while (true) {
                socket.receive(p);
                byte[] r = Arrays.copyOf(buf, p.getLength());
                if (r.length >= 2 && query.length >= 2 && r[0] == query[0] && r[1] == query[1]) return r;
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Sends a query over TCP (RFC 7766 length prefix) and returns the answer, or null. */
    byte[] askTcp(byte[] query) throws IOException {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            var out = s.getOutputStream();
            out.write(new byte[] {(byte) (query.length >>> 8), (byte) query.length});
            out.write(query);
            out.flush();
            var in = new java.io.DataInputStream(s.getInputStream());
            int len = in.readUnsignedShort();
            byte[] r = new byte[len];
            in.readFully(r);
            return r;
        } catch (java.io.EOFException | SocketTimeoutException e) {
            return null;
        }
    }

    @Override public void close() throws IOException {
        socket.close();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
