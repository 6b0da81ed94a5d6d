package dev.kiln.platform;

import java.lang.foreign.MemorySegment;

/**
 * An Ethernet device: the appliance's network card. Frames are whole Ethernet II
 * frames (destination MAC first), without FCS.
 *
 * <p>Buffers follow one rule: <em>devices lend buffers, callers fill them</em>.
 * {@link #receive} copies one frame into a buffer the caller owns; {@link #txBuffer}
 * lends the device's own transmit buffer, which the caller fills and then hands back
 * with {@link #transmit}. Nothing here allocates per frame.
 *
 * <p>All methods are called from the one loop thread that drives the stack.
 */
public interface NetDevice extends AutoCloseable {

    /** The device's MAC address, the 48 bits in the low bits of a long (first octet most significant). */
    long mac();

    /** The IP MTU: the largest Ethernet payload, normally 1500. A frame is at most {@code mtu() + 14} bytes. */
    int mtu();

    /**
     * Reads one waiting frame into {@code rx}, whose size must be at least {@code mtu() + 14}.
     *
     * @return the frame's length, or 0 if no frame is waiting. Never blocks.
     */
    int receive(MemorySegment rx);

    /** Lends the transmit buffer, at least {@code mtu() + 14} bytes. Valid until the next {@link #transmit}. */
    MemorySegment txBuffer();

    /**
     * Sends the first {@code len} bytes of {@link #txBuffer()}.
     *
     * @return false if the device could not take the frame (its queue is full); the frame is then dropped.
     */
    boolean transmit(int len);

    /** Sends any frames batched by {@link #transmit}. Called once per loop turn, after the work. */
    default void flush() {}

    /** Device counters for the operator: name → value. */
    default java.util.Map<String, Long> counters() { return java.util.Map.of(); }

    @Override
    default void close() {}
}
