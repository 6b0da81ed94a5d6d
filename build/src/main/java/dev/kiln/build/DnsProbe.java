package dev.kiln.build;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * A tiny DNS client for training runs and boot probes: sends {@code NAME IN SOA} queries (and, in
 * training, a mix of types and flags) over UDP and recognises the answer by id and the QR bit. Not a DNS library: it only
 * needs to make the appliance serve.
 */
public final class DnsProbe implements TrainingProbe {
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] query;
    private final String name;
    private final byte[] buf = new byte[4096];
    private int nextId = 1;

    public DnsProbe(int port, String name) throws IOException {
        this(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), name);
    }

    /** A probe over {@code socket} (e.g. one opened inside a network namespace) to {@code server}. */
    public DnsProbe(DatagramSocket socket, InetSocketAddress server, String name) {
        this.socket = socket;
        this.server = server;
        this.query = query(name, SOA, false, false);
        this.name = name;
    }

    static final int A = 1, NS = 2, SOA = 6, MX = 15, TXT = 16, AAAA = 28;

    /** Builds a standard query (RD=0) for NAME IN SOA with id 0; the id is patched per send. */
    static byte[] query(String name) {
        return query(name, SOA, false, false);
    }

    /**
     * Builds a query for NAME IN TYPE with id 0, optionally with an EDNS OPT record (4096-byte
     * payload, DO bit, a client cookie, as dig sends) and with the name in upper case.
     */
    static byte[] query(String name, int type, boolean edns, boolean upper) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (upper) n = n.toUpperCase(java.util.Locale.ROOT);
        byte[] labels = n.isEmpty() ? new byte[0] : encodeLabels(n);
        byte[] opt = !edns ? new byte[0] : new byte[] {0, 0, 41, 0x10, 0, 0, 0, (byte) 0x80, 0, 0, 12, 0, 10, 0, 8,
                'k', 'i', 'l', 'n', 't', 'r', 'a', 'i'};
        byte[] q = new byte[12 + labels.length + 1 + 4 + opt.length];
        q[5] = 1; // QDCOUNT = 1
        if (edns) q[11] = 1; // ARCOUNT = 1
        System.arraycopy(labels, 0, q, 12, labels.length);
        int p = 12 + labels.length + 1; // root label 0
        q[p] = (byte) (type >>> 8);
        q[p + 1] = (byte) type;
        q[p + 3] = 1; // QCLASS IN
        System.arraycopy(opt, 0, q, p + 4, opt.length);
        return q;
    }

    /**
     * A training run's {@code i}-th query: a mix of what real clients send, so the AOT cache holds
     * the serving path's classes for all of it: SOA, A, AAAA, MX, NS, TXT at and below the probe
     * name, a name that does not exist, one outside every zone, with and without EDNS, in upper
     * and lower case.
     */
    byte[] trainingQuery(int i) {
        String[] names = {name, "www." + name, "kiln-training-nx." + name, "kiln-training.invalid."};
        int[] types = {SOA, A, AAAA, MX, NS, TXT};
        return query(names[i % names.length], types[(i / names.length) % types.length], (i & 1) == 0, i % 3 == 0);
    }

    /** Sends the {@code i}-th {@link #trainingQuery} and waits up to {@code timeoutMs} for its answer. */
    @Override
    public int askTraining(int i, int timeoutMs) throws IOException {
        return ask(trainingQuery(i), timeoutMs);
    }

    private static byte[] encodeLabels(String n) {
        byte[] out = new byte[n.length() + 1];
        int o = 0;
        for (String label : n.split("\\.", -1)) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            if (l.length == 0 || l.length > 63) throw new IllegalArgumentException("bad DNS name " + n);
            out[o++] = (byte) l.length;
            System.arraycopy(l, 0, out, o, l.length);
            o += l.length;
        }
        return java.util.Arrays.copyOf(out, o);
    }

    /**
     * Sends one query and waits up to {@code timeoutMs} for its answer.
     *
     * @return the answer's RCODE, or -1 if none came in time
     */
    public int ask(int timeoutMs) throws IOException {
        return ask(query, timeoutMs);
    }

    private int ask(byte[] query, int timeoutMs) throws IOException {
        int id = nextId++ & 0xffff;
        query[0] = (byte) (id >>> 8);
        query[1] = (byte) id;
        socket.send(new DatagramPacket(query, query.length, server));
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            long leftNs = deadline - System.nanoTime();
            if (leftNs <= 0) return -1;
            socket.setSoTimeout((int) Math.max(1, (leftNs + 999_999) / 1_000_000L)); // round up: 0 would mean forever
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return -1;
            } catch (java.net.PortUnreachableException e) {
                return -1; // not listening yet (only on connected sockets, but be safe)
            }
            if (p.getLength() >= 12 && (buf[2] & 0x80) != 0
                    && ((buf[0] & 0xff) << 8 | (buf[1] & 0xff)) == id) {
                return buf[3] & 0x0f;
            }
        }
    }

    /**
     * Asks in a tight loop (1 ms receive timeout) until an answer comes, the deadline passes,
     * or {@code alive} turns false.
     *
     * @return nanoTime when the first answer arrived, or -1
     */
    @Override
    public long untilFirstAnswer(long deadlineNanos, BooleanSupplier alive) throws IOException {
        while (System.nanoTime() < deadlineNanos && alive.getAsBoolean()) {
            if (ask(1) >= 0) return System.nanoTime();
        }
        return -1;
    }

    @Override
    public void close() {
        socket.close();
    }
}
