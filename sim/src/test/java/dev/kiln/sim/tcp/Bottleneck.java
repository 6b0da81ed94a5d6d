package dev.kiln.sim.tcp;

import dev.kiln.platform.NetDevice;
import dev.kiln.sim.SimNetDevice;
import dev.kiln.sim.Simulation;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A link of fixed rate in front of a node's {@link SimNetDevice}, as the netem relay of the interop tests is (it
 * forwards some 25 MB/s): frames the stack transmits queue here and leave one after another, each after its
 * serialisation time, so a sender that fills the queue sees its round trip grow far above the path's minimum
 * (the simulated network itself has no rate). Unbounded: the sender's windows bound what waits.
 */
final class Bottleneck implements NetDevice {
    private final Simulation sim;
    private final SimNetDevice inner;
    private final long psPerByte;
    private final MemorySegment tx;
    private long freeAtNs;
    long queuedBytes, queuedBytesMax;

    Bottleneck(Simulation sim, SimNetDevice inner, long bytesPerSecond) {
        this.sim = sim;
        this.inner = inner;
        this.psPerByte = 1_000_000_000_000L / bytesPerSecond;
        this.tx = Arena.ofAuto().allocate(inner.mtu() + 14L);
    }

    @Override public long mac() { return inner.mac(); }
    @Override public int mtu() { return inner.mtu(); }
    @Override public int receive(MemorySegment rx) { return inner.receive(rx); }
    @Override public MemorySegment txBuffer() { return tx; }

    @Override
    public boolean transmit(int len) {
        byte[] frame = tx.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
        freeAtNs = Math.max(sim.nowNs(), freeAtNs) + len * psPerByte / 1000;
        queuedBytes += len;
        queuedBytesMax = Math.max(queuedBytesMax, queuedBytes);
        sim.at(freeAtNs, () -> {
            queuedBytes -= len;
            MemorySegment.copy(frame, 0, inner.txBuffer(), ValueLayout.JAVA_BYTE, 0, len);
            inner.transmit(len);
        });
        return true;
    }
}
