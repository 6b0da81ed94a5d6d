package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.net.TcpContractTest.Client;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.wire.Checksum;
import dev.kiln.net.wire.Mac;
import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.FramePieces;
import dev.kiln.platform.NetDevice;
import dev.kiln.platform.Offload;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SuperSegments} without a kernel: the sender's device segments super-frames the way Linux's
 * {@code tcp_gso_segment} does — the checksum field's pseudo-header sum adjusted from the
 * super-frame's TCP length to each segment's, then completed over the segment — so a wrong field,
 * header or sequence shows as checksum drops or corrupt bytes at the receiving Kiln stack.
 */
class SuperSegmentsTest {
    static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** A device with tx-csum and tx-tso4 on one end of a {@link LinkedDevices} cable. */
    static final class TsoEnd implements NetDevice {
        final LinkedDevices.End inner;
        final MemorySegment tx = MemorySegment.ofArray(new byte[14 + 65535]);
        int superFrames, segments, lost, gathered, gatheredBytes;
        int offloads = Offload.TX_CSUM | Offload.TX_TSO4;
        /** Every this many segments put on the cable, one is lost instead (0: none). */
        int loseEvery;

        TsoEnd(LinkedDevices.End inner) { this.inner = inner; }

        private void put(byte[] frame) {
            segments++;
            if (loseEvery > 0 && segments % loseEvery == 0) lost++;
            else inner.peer.inbox.add(frame);
        }

        @Override public long mac() { return inner.mac(); }
        @Override public int mtu() { return inner.mtu(); }
        @Override public int offloads() { return offloads; }

        /** Counts gathered frames; garbage under the pieces (they must supply those bytes), then the pieces copied in. */
        @Override
        public boolean transmit(int len, FrameMeta m, FramePieces pieces) {
            gathered++;
            gatheredBytes += pieces.bytes();
            for (int i = 0; i < pieces.count(); i++) tx.asSlice(pieces.frameOffset(i), pieces.length(i)).fill((byte) 0x5A);
            return NetDevice.super.transmit(len, m, pieces);
        }
        @Override public int maxFrameBytes() { return (offloads & Offload.TX_TSO4) != 0 ? (int) tx.byteSize() : inner.mtu() + 14; }
        @Override public int receive(MemorySegment rx) { return inner.receive(rx); }
        @Override public MemorySegment txBuffer() { return tx; }

        @Override
        public boolean transmit(int len) {
            assertTrue(len <= 1514, "a plain frame fits the MTU: " + len);
            put(tx.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
            return true;
        }

        @Override
        public boolean transmit(int len, FrameMeta m) {
            if (m.isPlain()) return transmit(len);
            if (!m.isGso()) { // one segment whose checksum field holds the pseudo-header sum: complete it, as the kernel does
                assertEquals(34, m.csumStart());
                assertEquals(16, m.csumOffset());
                tx.set(BE16, 50, (short) Checksum.finish(Checksum.sum(tx, 34, len - 34, 0)));
                return transmit(len);
            }
            assertEquals(FrameMeta.GSO_TCPV4, m.gsoType(), m.toString());
            assertEquals(34, m.csumStart());
            assertEquals(16, m.csumOffset());
            superFrames++;
            int hdr = m.headerBytes(), payload = len - hdr, mss = m.gsoSize();
            int tcpHdr = hdr - 34, oldL4 = len - 34, field = Short.toUnsignedInt(tx.get(BE16, 50));
            int id = Short.toUnsignedInt(tx.get(BE16, 18));
            long seq = Integer.toUnsignedLong(tx.get(BE32, 38));
            int flags = tx.get(ValueLayout.JAVA_BYTE, 47) & 0xFF;
            for (int off = 0, i = 0; off < payload; off += mss, i++) {
                int n = Math.min(mss, payload - off);
                boolean last = off + n == payload;
                MemorySegment s = MemorySegment.ofArray(new byte[hdr + n]);
                MemorySegment.copy(tx, 0, s, 0, hdr);
                MemorySegment.copy(tx, hdr + off, s, hdr, n);
                s.set(BE16, 16, (short) (20 + tcpHdr + n));
                s.set(BE16, 18, (short) (id + i));
                s.set(BE16, 24, (short) 0);
                s.set(BE16, 24, (short) Checksum.of(s, 14, 20));
                s.set(BE32, 38, (int) (seq + off));
                s.set(ValueLayout.JAVA_BYTE, 47, (byte) (last ? flags : flags & ~0x09)); // PSH and FIN on the last only
                // the kernel: field - old length + new length, then the sum over the segment, inverted
                long adjusted = Checksum.fold(field + (~oldL4 & 0xFFFF) + tcpHdr + n);
                s.set(BE16, 50, (short) adjusted);
                s.set(BE16, 50, (short) Checksum.finish(Checksum.sum(s, 34, tcpHdr + n, 0)));
                put(s.toArray(ValueLayout.JAVA_BYTE));
            }
            return true;
        }
    }

    @Test
    void runsLeaveAsSuperFramesThatSegmentIntoWhatTheTcbSent() {
        TsoEnd tso = transfer(0);
        assertTrue(tso.superFrames > 0 && tso.segments > 2 * tso.superFrames, tso.superFrames + " super-frames, " + tso.segments + " segments");
    }

    /** Retransmissions (read again from the send buffer) through super-frames stay byte-exact when segments are lost. */
    @Test
    void lostSegmentsAreResentByteExactThroughSuperFrames() {
        TsoEnd tso = transfer(53);
        assertTrue(tso.lost > 10 && tso.superFrames > 0, tso.lost + " lost, " + tso.superFrames + " super-frames");
    }

    /** Lent bytes (writeImmutable, mixed with copies) leave as gathered super-frames, byte-exact, also when resent after losses. */
    @Test
    void lentBytesLeaveGatheredAndAreResentByteExact() {
        for (int loseEvery : new int[] {0, 37}) {
            TsoEnd tso = transfer(loseEvery, Offload.TX_CSUM | Offload.TX_TSO4, true);
            assertTrue(tso.superFrames > 0 && tso.gathered > 0, tso.superFrames + " super-frames, " + tso.gathered + " gathered");
            assertTrue(tso.gatheredBytes > (1 << 20) / 2, "most of the payload was gathered, not copied: " + tso.gatheredBytes);
            assertTrue(loseEvery == 0 || tso.lost > 10, tso.lost + " lost");
        }
    }

    /** Checksum offload without segmentation: single segments gather lent bytes, the device completes their checksums. */
    @Test
    void checksumOffloadAloneGathersSingleSegments() {
        TsoEnd csum = transfer(41, Offload.TX_CSUM, true);
        assertEquals(0, csum.superFrames);
        assertTrue(csum.gathered > 100 && csum.lost > 10, csum.gathered + " gathered, " + csum.lost + " lost");
    }

    /** Without checksum offload lent bytes are copied into plain frames (the stack checksums them): no gather. */
    @Test
    void noChecksumOffloadCopiesLentBytes() {
        TsoEnd plain = transfer(41, 0, true);
        assertEquals(0, plain.gathered + plain.superFrames);
    }

    static TsoEnd transfer(int loseEvery) { return transfer(loseEvery, Offload.TX_CSUM | Offload.TX_TSO4, false); }

    /**
     * 1 MiB from a stack on {@link TsoEnd} with {@code offloads} (losing every {@code loseEvery}th segment; lent by
     * {@code writeImmutable} if {@code lend}) and 5000 bytes back, both byte-exact.
     */
    static TsoEnd transfer(int loseEvery, int offloads, boolean lend) {
        LinkedDevices link = new LinkedDevices(Mac.parse("02:00:00:00:00:0a"), Mac.parse("02:00:00:00:00:0b"));
        TsoEnd tso = new TsoEnd(link.a);
        tso.loseEvery = loseEvery;
        tso.offloads = offloads;
        KilnStack server = KilnStack.create(tso, StackConfig.builder(StackPair.SERVER_IP, 24).build(), new SeededEntropy(1));
        KilnStack client = KilnStack.create(link.b, StackConfig.builder(StackPair.CLIENT_IP, 24).build(), new SeededEntropy(2));
        byte[] down = new byte[1 << 20], up = new byte[5000];
        new Random(5).nextBytes(down);
        new Random(6).nextBytes(up);
        Client sender = lend ? new Client().lending(down, true) : new Client().sending(down, true);
        TcpListener l = server.tcpListen(0, TcpOptions.defaults(), sender);
        Client receiver = new Client().sending(up, true);
        client.tcpConnect(StackPair.SERVER_IP, l.port(), TcpOptions.defaults(), receiver);
        long now = 1_000_000_000L;
        for (int turn = 0; turn < 1_000_000 && !(sender.ended() && receiver.ended()); turn++) {
            if (server.doWork(now) + client.doWork(now) == 0 && link.a.inbox.isEmpty() && link.b.inbox.isEmpty()) {
                now = Math.max(now + 1, Math.min(server.pollAtNs(), client.pollAtNs()));
            }
        }
        assertArrayEquals(down, receiver.got.toByteArray(), "1 MiB byte-exact through the segmenting device");
        assertArrayEquals(up, sender.got.toByteArray(), "and the other way, plain");
        assertEquals(0, client.counter(Counter.DROP_TCP_BAD_CHECKSUM), "every segment's checksum verified");
        assertEquals(0, client.counter(Counter.DROP_IPV4_BAD_CHECKSUM));
        return tso;
    }
}
