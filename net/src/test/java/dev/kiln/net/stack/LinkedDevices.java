package dev.kiln.net.stack;

import dev.kiln.platform.NetDevice;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Deque;

/** Two NetDevices joined by a cable: what one transmits, the other receives. */
final class LinkedDevices {
    final End a;
    final End b;

    LinkedDevices(long macA, long macB) {
        a = new End(macA);
        b = new End(macB);
        a.peer = b;
        b.peer = a;
    }

    static final class End implements NetDevice {
        final long mac;
        final Deque<byte[]> inbox = new ArrayDeque<>();
        final MemorySegment tx = MemorySegment.ofArray(new byte[1514]);
        End peer;
        /** Frames this end sends that the cable loses (null: none); {@link #lost} counts them. */
        java.util.function.Predicate<byte[]> drop;
        int lost;

        End(long mac) { this.mac = mac; }

        @Override public long mac() { return mac; }
        @Override public int mtu() { return 1500; }
        @Override public int receive(MemorySegment rx) {
            byte[] f = inbox.poll();
            if (f == null) return 0;
            MemorySegment.copy(f, 0, rx, ValueLayout.JAVA_BYTE, 0, f.length);
            return f.length;
        }
        @Override public MemorySegment txBuffer() { return tx; }
        @Override public boolean transmit(int len) {
            byte[] f = tx.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
            if (drop != null && drop.test(f)) lost++;
            else peer.inbox.add(f);
            return true;
        }
    }
}
