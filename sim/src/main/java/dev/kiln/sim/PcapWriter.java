package dev.kiln.sim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes frames to a pcap file (nanosecond timestamps, Ethernet link type) for tcpdump or
 * Wireshark: {@code tcpdump -nn -e -r sim-SEED.pcap}. The simulator records every delivered frame,
 * as the receiving port saw it, stamped with virtual wall time.
 */
public final class PcapWriter implements AutoCloseable {
    private static final int MAGIC_NS = 0xa1b23c4d;
    private static final int LINKTYPE_ETHERNET = 1;
    private final OutputStream out;
    private final Path path;
    private final byte[] rec = new byte[16];

    public PcapWriter(Path path) {
        this.path = path;
        try {
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            out = new BufferedOutputStream(Files.newOutputStream(path));
            byte[] h = new byte[24];
            le32(h, 0, MAGIC_NS);
            le16(h, 4, 2);
            le16(h, 6, 4);
            le32(h, 16, 65535);
            le32(h, 20, LINKTYPE_ETHERNET);
            out.write(h);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pcap " + path + ": " + e.getMessage() + " (check -Dkiln.sim.pcap points at a writable directory)", e);
        }
    }

    public Path path() {
        return path;
    }

    /** Records {@code frame} at wall time {@code wallNs}. */
    public void write(long wallNs, byte[] frame) {
        le32(rec, 0, (int) (wallNs / 1_000_000_000L));
        le32(rec, 4, (int) (wallNs % 1_000_000_000L));
        le32(rec, 8, frame.length);
        le32(rec, 12, frame.length);
        try {
            out.write(rec);
            out.write(frame);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pcap " + path + ": " + e.getMessage(), e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pcap " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pcap " + path + ": " + e.getMessage(), e);
        }
    }

    private static void le32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void le16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }
}
