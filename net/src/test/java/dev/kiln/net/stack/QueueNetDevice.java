package dev.kiln.net.stack;

import dev.kiln.platform.NetDevice;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** An in-memory NetDevice for tests: frames queued in, frames collected out. */
public final class QueueNetDevice implements NetDevice {
    private final long mac;
    private final int mtu;
    private final Deque<byte[]> inbox = new ArrayDeque<>();
    private final List<byte[]> sent = new ArrayList<>();
    private final MemorySegment tx;
    private int txRefuseAfter = Integer.MAX_VALUE;
    public int flushes;

    public QueueNetDevice(long mac, int mtu) {
        this.mac = mac;
        this.mtu = mtu;
        this.tx = MemorySegment.ofArray(new byte[mtu + 14]);
    }

    /** Queues a frame for the stack to receive. */
    public void inject(byte[] frame) { inbox.add(frame.clone()); }

    public int pendingInbound() { return inbox.size(); }

    /** Frames transmitted so far, removed from the device. */
    public List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    /** Makes {@link #transmit} refuse frames after {@code n} more. */
    public void refuseTransmitAfter(int n) { txRefuseAfter = n; }

    @Override public long mac() { return mac; }
    @Override public int mtu() { return mtu; }

    @Override
    public int receive(MemorySegment rx) {
        byte[] f = inbox.poll();
        if (f == null) return 0;
        int n = (int) Math.min(f.length, rx.byteSize());
        MemorySegment.copy(f, 0, rx, ValueLayout.JAVA_BYTE, 0, n);
        return n;
    }

    @Override public MemorySegment txBuffer() { return tx; }

    @Override
    public boolean transmit(int len) {
        if (len < 14 || len > tx.byteSize()) throw new AssertionError("stack transmitted a frame of " + len + " bytes");
        if (txRefuseAfter <= 0) return false;
        txRefuseAfter--;
        sent.add(tx.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
        return true;
    }

    @Override public void flush() { flushes++; }
}
