package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.NetDevice;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * The stack honours receive metadata (no kernel needed): a transport checksum the device vouches
 * for is not verified again, anything else still is, and a reassembled datagram always is.
 */
class OffloadMetaTest {
    /** A queue device that reports the metadata queued beside each frame. */
    static final class MetaDevice implements NetDevice {
        final QueueNetDevice q = new QueueNetDevice(Frames.OUR_MAC, 1500);
        final Deque<FrameMeta> metas = new ArrayDeque<>();

        void inject(byte[] frame, FrameMeta meta) {
            q.inject(frame);
            metas.add(meta);
        }

        @Override public long mac() { return q.mac(); }
        @Override public int mtu() { return q.mtu(); }
        @Override public int receive(MemorySegment rx) { throw new AssertionError("the stack receives with metadata"); }

        @Override
        public int receive(MemorySegment rx, FrameMeta meta) {
            FrameMeta m = metas.poll();
            if (m == null) return 0;
            meta.set(m.flags(), m.gsoType(), m.headerBytes(), m.gsoSize(), m.csumStart(), m.csumOffset());
            return q.receive(rx);
        }

        @Override public MemorySegment txBuffer() { return q.txBuffer(); }
        @Override public boolean transmit(int len) { return q.transmit(len); }
    }

    final MetaDevice dev = new MetaDevice();
    final KilnStack stack = KilnStack.create(dev, StackConfig.builder(Frames.OUR_IP, 24).build(), new SeededEntropy(3));
    int delivered;

    OffloadMetaTest() {
        stack.udpBind(7, (s, src, port, payload, reply) -> {
            delivered++;
            return 0;
        });
    }

    /** A datagram to port 7 whose checksum field holds {@code 0x1234}: wrong unless someone vouches for it. */
    static byte[] partialUdp() {
        byte[] f = Frames.udpFromPeer(4000, 7, Frames.bytes(100, 1));
        f[34 + 6] = 0x12;
        f[34 + 7] = 0x34;
        return f;
    }

    static FrameMeta partial() { return new FrameMeta().set(FrameMeta.F_NEEDS_CSUM, 0, 0, 0, 34, 6); }

    @Test
    void vouchedChecksumsAreNotVerifiedAgainOthersAre() {
        dev.inject(partialUdp(), new FrameMeta());
        dev.inject(partialUdp(), partial());
        dev.inject(partialUdp(), new FrameMeta().set(FrameMeta.F_CSUM_VALID, 0, 0, 0, 0, 0));
        dev.inject(partialUdp(), new FrameMeta());
        stack.doWork(0);
        assertEquals(2, delivered, "the two frames the device vouched for");
        assertEquals(2, stack.counter(Counter.DROP_UDP_BAD_CHECKSUM), "the plain ones are checked as ever");
    }

    @Test
    void reassembledDatagramsAreAlwaysVerified() {
        byte[] l4 = Frames.udp(Frames.PEER_IP, Frames.OUR_IP, 4000, 7, Frames.bytes(100, 1));
        l4[6] = 0x12;
        l4[7] = 0x34;
        dev.inject(Frames.fragment(9, l4, 0, 64, false), partial());
        dev.inject(Frames.fragment(9, l4, 64, l4.length - 64, true), partial());
        stack.doWork(0);
        assertEquals(0, delivered);
        assertEquals(1, stack.counter(Counter.DROP_UDP_BAD_CHECKSUM));
        byte[] good = Frames.udp(Frames.PEER_IP, Frames.OUR_IP, 4000, 7, Frames.bytes(100, 1));
        dev.inject(Frames.fragment(10, good, 0, 64, false), new FrameMeta());
        dev.inject(Frames.fragment(10, Arrays.copyOf(good, good.length), 64, good.length - 64, true), new FrameMeta());
        stack.doWork(0);
        assertEquals(1, delivered, "a good reassembled datagram still gets through");
    }
}
