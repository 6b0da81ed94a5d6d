package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.platform.Agent;
import dev.kiln.platform.Loop;
import dev.kiln.platform.MacAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The whole platform together: a {@link Loop} on a {@link TapDevice}, {@link EpollReadiness}
 * and {@link LinuxClock}, driving an agent that answers the kernel's ARP query for 192.0.2.2
 * and then receives the UDP datagram the kernel was holding for it.
 */
class LoopOverTapTest {
    static final ValueLayout.OfShort BE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt BE_U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final long MAC = MacAddress.localUnicast(0x5e00_5302L);
    static final int OUR_IP = 0xC0000202; // 192.0.2.2

    /** Answers ARP for OUR_IP; reports the first UDP payload to port 9. */
    static final class Responder implements Agent {
        final TapDevice tap;
        final MemorySegment rx;
        final AtomicReference<String> udp = new AtomicReference<>();
        final CountDownLatch gotUdp = new CountDownLatch(1);
        int arpReplies;

        Responder(TapDevice tap, MemorySegment rx) {
            this.tap = tap;
            this.rx = rx;
        }

        @Override
        public int doWork(long nowNs) {
            int work = 0, n;
            while ((n = tap.receive(rx)) > 0) {
                work++;
                int type = u16(rx, 12);
                if (type == 0x0806 && n >= 42 && u16(rx, 20) == 1 && rx.get(BE_U32, 38) == OUR_IP) {
                    answerArp();
                } else if (type == 0x0800 && n >= 42 && rx.get(JAVA_BYTE, 23) == 17 && rx.get(BE_U32, 30) == OUR_IP) {
                    int ihl = (rx.get(JAVA_BYTE, 14) & 0xF) * 4;
                    int udpAt = 14 + ihl;
                    if (u16(rx, udpAt + 2) == 9) {
                        int len = Math.min(u16(rx, udpAt + 4) - 8, n - udpAt - 8);
                        byte[] payload = rx.asSlice(udpAt + 8, Math.max(0, len)).toArray(JAVA_BYTE);
                        udp.compareAndSet(null, new String(payload, StandardCharsets.US_ASCII));
                        gotUdp.countDown();
                    }
                }
            }
            return work;
        }

        private void answerArp() {
            MemorySegment tx = tap.txBuffer();
            long asker = TapDeviceTest.mac(rx, 22);
            int askerIp = rx.get(BE_U32, 28);
            TapDeviceTest.putMac(tx, 0, asker);
            TapDeviceTest.putMac(tx, 6, MAC);
            tx.set(BE_U16, 12, (short) 0x0806);
            tx.set(BE_U16, 14, (short) 1);
            tx.set(BE_U16, 16, (short) 0x0800);
            tx.set(JAVA_BYTE, 18, (byte) 6);
            tx.set(JAVA_BYTE, 19, (byte) 4);
            tx.set(BE_U16, 20, (short) 2);
            TapDeviceTest.putMac(tx, 22, MAC);
            tx.set(BE_U32, 28, OUR_IP);
            TapDeviceTest.putMac(tx, 32, asker);
            tx.set(BE_U32, 38, askerIp);
            if (tap.transmit(42)) arpReplies++;
        }

        @Override
        public long pollAtNs() {
            return NEVER;
        }
    }

    @Test
    void loopAnswersArpAndReceivesUdp() throws Exception {
        String why = Netns.unavailableReason();
        assumeTrue(why == null, () -> "TAP tests skipped: " + why);
        try (Netns ns = Netns.create();
                TapDevice tap = TapDevice.open(TapConfig.of("kt-loop", MAC).withNetns(ns.name));
                EpollReadiness ready = EpollReadiness.open();
                Arena arena = Arena.ofShared()) {
            ns.ipIn("addr", "add", "192.0.2.1/24", "dev", "kt-loop");
            ns.ipIn("link", "set", "kt-loop", "up");
            ready.add(tap.fd());
            Responder agent = new Responder(tap, arena.allocate(tap.mtu() + 14));
            Loop loop = new Loop(agent, ready, new LinuxClock());
            Thread loopThread = Thread.ofPlatform().name("kiln-loop-test").start(loop::run);
            try {
                // bash's /dev/udp: the kernel must ARP for 192.0.2.2 before it can send.
                var r = Netns.run(List.of("ip", "netns", "exec", ns.name, "bash", "-c", "echo kiln > /dev/udp/192.0.2.2/9"));
                assertEquals(0, r.exit(), r.out());
                assertTrue(agent.gotUdp.await(10, TimeUnit.SECONDS), "no UDP datagram within 10 s; counters " + tap.counters());
                assertEquals("kiln\n", agent.udp.get());
            } finally {
                loop.stop();
                loopThread.join(10_000);
            }
            assertFalse(loopThread.isAlive(), "Loop.stop() woke the loop out of epoll_wait");
            assertTrue(agent.arpReplies >= 1);
            String neigh = ns.ipIn("neigh", "show", "192.0.2.2", "dev", "kt-loop");
            assertTrue(neigh.contains(MacAddress.format(MAC)), "kernel learned our MAC: " + neigh);
        }
    }

    static int u16(MemorySegment f, long off) {
        return Short.toUnsignedInt(f.get(BE_U16, off));
    }
}
