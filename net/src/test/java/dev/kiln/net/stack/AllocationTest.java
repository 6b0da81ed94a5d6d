package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.IcmpRepr;
import dev.kiln.platform.NetDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The hot path (frame in → UDP handler → reply frame out) allocates nothing: measured with
 * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes} over 10,000 frames after warm-up.
 */
class AllocationTest {

    /** Replays one frame {@code remaining} times; transmits are counted, not stored. No allocation. */
    static final class ReplayDevice implements NetDevice {
        final MemorySegment frame;
        final MemorySegment[] txRing = {Arena.ofAuto().allocate(1514), Arena.ofAuto().allocate(1514)};
        int txIndex;
        int remaining;
        long transmitted;
        int lastLen;

        ReplayDevice(byte[] f) { frame = Arena.ofAuto().allocateFrom(ValueLayout.JAVA_BYTE, f); }

        @Override public long mac() { return OUR_MAC; }
        @Override public int mtu() { return 1500; }
        @Override public int receive(MemorySegment rx) {
            if (remaining == 0) return 0;
            remaining--;
            MemorySegment.copy(frame, 0, rx, 0, frame.byteSize());
            return (int) frame.byteSize();
        }
        /** Like a device with a ring of two transmit buffers: a fresh one after every transmit. */
        @Override public MemorySegment txBuffer() { return txRing[txIndex]; }
        @Override public boolean transmit(int len) { transmitted++; lastLen = len; txIndex ^= 1; return true; }
    }

    @Test
    void udpRequestToReplyPathDoesNotAllocate() {
        ReplayDevice dev = new ReplayDevice(udpFromPeer(53000, 53, UdpTest.QUERY));
        KilnStack stack = KilnStack.create(dev, StackConfig.builder(OUR_IP, 24).build(), new SeededEntropy(7));
        stack.udpBind(53, (s, src, port, payload, reply) -> UdpTest.answer(payload, reply));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long now = 0;
        for (int round = 0; round < 200; round++) { // warm-up: let the JIT compile the path
            dev.remaining = 256;
            while (stack.doWork(now++) > 0) { }
        }
        long sentBefore = dev.transmitted;
        long before = mx.getThreadAllocatedBytes(tid);
        long startNs = System.nanoTime();
        for (int round = 0; round < 40; round++) { // 40 × 256 = 10,240 frames
            dev.remaining = 256;
            stack.doWork(now++);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        long elapsedNs = System.nanoTime() - startNs;
        System.out.printf("KilnStack UDP request→reply: %d ns/frame on this machine (in-memory device)%n", elapsedNs / 10_240);
        assertEquals(10_240, dev.transmitted - sentBefore, "every request answered");
        assertEquals(14 + 20 + 8 + 40, dev.lastLen);
        assertEquals(10_240, dev.transmitted - sentBefore);
        // A few hundred bytes of slack for the measurement itself; one allocation per frame would be ≥ 160 KB.
        assertTrue(allocated < 1024, "hot path allocated " + allocated + " bytes over 10,240 frames");
        stack.close();
    }

    @Test
    void pingPathDoesNotAllocate() {
        ReplayDevice dev = new ReplayDevice(ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, 1,
                icmp(IcmpRepr.echoRequest(1, 2, bytes(56, 0)))));
        KilnStack stack = KilnStack.create(dev, StackConfig.builder(OUR_IP, 24).build(), new SeededEntropy(7));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long now = 0;
        for (int round = 0; round < 200; round++) {
            dev.remaining = 256;
            stack.doWork(now++);
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int round = 0; round < 40; round++) {
            dev.remaining = 256;
            stack.doWork(now++);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 1024, "ping path allocated " + allocated + " bytes over 10,240 frames");
        stack.close();
    }
}
