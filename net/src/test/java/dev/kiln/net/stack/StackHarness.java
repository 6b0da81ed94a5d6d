package dev.kiln.net.stack;

import dev.kiln.net.wire.ArpRepr;
import dev.kiln.net.wire.Mac;
import java.util.List;

/** A KilnStack on a QueueNetDevice, started (announcement drained) at time 0. */
public class StackHarness {
    public static final long SECOND = 1_000_000_000L;
    public final QueueNetDevice dev;
    public final KilnStack stack;

    public StackHarness() { this(StackConfig.builder(Frames.OUR_IP, 24).gateway(Frames.GW_IP)); }

    public StackHarness(StackConfig.Builder b) {
        dev = new QueueNetDevice(Frames.OUR_MAC, 1500);
        stack = KilnStack.create(dev, b.build(), new SeededEntropy(42));
        stack.doWork(0);
        dev.drain();
    }

    /** Injects frames, runs one turn at {@code nowNs}, returns what was sent. */
    public List<byte[]> run(long nowNs, byte[]... frames) {
        for (byte[] f : frames) dev.inject(f);
        stack.doWork(nowNs);
        return dev.drain();
    }

    public long count(Counter c) { return stack.counter(c); }

    /** Teaches the stack the peer's MAC with an ARP request from the peer. */
    public void learnPeer(long nowNs) {
        run(nowNs, Frames.arp(Mac.BROADCAST, Frames.PEER_MAC, ArpRepr.request(Frames.PEER_MAC, Frames.PEER_IP, Frames.OUR_IP)));
        dev.drain();
    }
}
