package dev.kiln.dns.tcp;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A transport for tests: the receive buffer a stack keeps (unconsumed bytes + new ones) and a send side that takes up to {@code room} bytes a call. */
final class Stream implements DnsTcpServer.Sink {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    byte[] unconsumed = new byte[0];
    int room = Integer.MAX_VALUE;

    /** Appends {@code chunk} and offers everything unconsumed to the session, as a stack does. */
    int receive(DnsTcpSession s, byte[] chunk, long nowNs) {
        byte[] all = new byte[unconsumed.length + chunk.length];
        System.arraycopy(unconsumed, 0, all, 0, unconsumed.length);
        System.arraycopy(chunk, 0, all, unconsumed.length, chunk.length);
        int used = s.onBytes(MemorySegment.ofArray(all), nowNs, this);
        if (used < 0 || used > all.length) throw new AssertionError("consumed " + used + " of " + all.length);
        unconsumed = java.util.Arrays.copyOfRange(all, used, all.length);
        return used;
    }

    @Override
    public int write(MemorySegment src, long offset, int len) {
        int n = Math.min(len, room);
        sent.write(src.asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE), 0, n);
        return n;
    }

    /** The echo responder: the query with QR set. */
    static int echo(MemorySegment q, MemorySegment out) {
        MemorySegment.copy(q, 0, out, 0, q.byteSize());
        out.set(ValueLayout.JAVA_BYTE, 2, (byte) (out.get(ValueLayout.JAVA_BYTE, 2) | 0x80));
        return (int) q.byteSize();
    }

    /** A prefixed query of {@code len} bytes whose id is {@code id}. */
    static byte[] query(int id, int len) {
        byte[] m = new byte[len + 2];
        m[0] = (byte) (len >>> 8);
        m[1] = (byte) len;
        m[2] = (byte) (id >>> 8);
        m[3] = (byte) id;
        for (int i = 4; i < m.length; i++) m[i] = (byte) (i * 7);
        return m;
    }

    /** What the echo server must send for {@link #query}. */
    static byte[] answer(int id, int len) {
        byte[] a = query(id, len);
        a[4] |= (byte) 0x80;
        return a;
    }
}
