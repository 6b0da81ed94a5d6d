package dev.kiln.sim;

import dev.kiln.platform.NetDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A port on a {@link SimNetwork}: a {@link NetDevice} whose frames travel through the simulated
 * segment. Transmit copies the frame out of the lent buffer at once (the stack reuses it); received
 * frames wait in a bounded queue, and a frame arriving at a full queue is dropped and counted, as a
 * NIC ring would.
 */
public final class SimNetDevice implements NetDevice {
    private final SimNetwork network;
    private final int port;
    private final int node;
    private final long mac;
    private final int mtu;
    private final int rxQueueMax;
    private final ArrayDeque<byte[]> rxQueue = new ArrayDeque<>();
    private final MemorySegment tx;
    private boolean closed;

    private long rxFrames, rxBytes, rxDroppedQueueFull, rxDroppedClosed;
    private long txFrames, txBytes, txDroppedBadLength, txDroppedClosed;
    private int rxQueueHighWater;
    private long rxEnqueued;

    SimNetDevice(SimNetwork network, int port, int node, long mac, int mtu, int rxQueueMax) {
        this.network = network;
        this.port = port;
        this.node = node;
        this.mac = mac;
        this.mtu = mtu;
        this.rxQueueMax = rxQueueMax;
        this.tx = Arena.ofAuto().allocate(mtu + 14L);
    }

    /** This device's port number on the network (attachment order). */
    public int port() {
        return port;
    }

    /** The node this device belongs to: the index partitions name. */
    public int node() {
        return node;
    }

    @Override
    public long mac() {
        return mac;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** Frames waiting to be received. */
    public int rxPending() {
        return rxQueue.size();
    }

    /** Frames ever put in the rx queue: the scheduler's edge trigger. */
    public long rxEnqueued() {
        return rxEnqueued;
    }

    public int rxQueueMax() {
        return rxQueueMax;
    }

    /** The most frames that have ever waited at once. */
    public int rxQueueHighWater() {
        return rxQueueHighWater;
    }

    @Override
    public int receive(MemorySegment rx) {
        if (rx.byteSize() < mtu + 14L) {
            // the contract, enforced even for short frames so that the bug shows on the first call
            throw new IllegalArgumentException("receive buffer of " + rx.byteSize() + " bytes is smaller than mtu() + 14 = " + (mtu + 14));
        }
        byte[] frame = rxQueue.poll();
        if (frame == null) return 0;
        MemorySegment.copy(frame, 0, rx, ValueLayout.JAVA_BYTE, 0, frame.length);
        rxFrames++;
        rxBytes += frame.length;
        return frame.length;
    }

    @Override
    public MemorySegment txBuffer() {
        return tx;
    }

    @Override
    public boolean transmit(int len) {
        if (closed) {
            txDroppedClosed++;
            return false;
        }
        if (len < 14 || len > mtu + 14) {
            txDroppedBadLength++;
            return false;
        }
        byte[] frame = tx.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
        txFrames++;
        txBytes += len;
        network.send(this, frame);
        return true;
    }

    /** Called by the network when a frame arrives; false if the queue was full. */
    boolean enqueue(byte[] frame) {
        if (closed) {
            rxDroppedClosed++;
            return false;
        }
        if (rxQueue.size() >= rxQueueMax) {
            rxDroppedQueueFull++;
            return false;
        }
        rxQueue.add(frame);
        rxEnqueued++;
        if (rxQueue.size() > rxQueueHighWater) rxQueueHighWater = rxQueue.size();
        return true;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("rxFrames", rxFrames);
        c.put("rxBytes", rxBytes);
        c.put("rxDroppedQueueFull", rxDroppedQueueFull);
        c.put("rxDroppedClosed", rxDroppedClosed);
        c.put("txFrames", txFrames);
        c.put("txBytes", txBytes);
        c.put("txDroppedBadLength", txDroppedBadLength);
        c.put("txDroppedClosed", txDroppedClosed);
        c.put("rxQueueHighWater", (long) rxQueueHighWater);
        return c;
    }

    /** Unplugs the device: it sends nothing more, and frames for it are dropped. */
    @Override
    public void close() {
        closed = true;
        rxQueue.clear();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "SimNetDevice[port " + port + ", node " + node + ", mac " + SimNetwork.formatMac(mac) + "]";
    }
}
