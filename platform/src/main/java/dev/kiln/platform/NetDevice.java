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
 * <p>Offloads ({@link Offload}) are optional and opt-in: {@link #offloads()} says what the
 * device does; {@link #receive(MemorySegment, FrameMeta)} and {@link #transmit(int, FrameMeta)}
 * carry the per-frame {@link FrameMeta}. The defaults describe a device without offloads, so a
 * device that implements only the plain methods is complete. A caller that never uses the
 * metadata methods sees plain, fully checksummed frames of at most {@code mtu() + 14} bytes from
 * any device; one that wants more asks the device for it when opening it (e.g.
 * {@code TapConfig.withOffloads}), then reads {@link #offloads()} to see what it got.
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

    /** The {@link Offload} bits this device does; 0 (the default) for none. */
    default int offloads() {
        return 0;
    }

    /**
     * The largest frame the device delivers to {@link #receive(MemorySegment, FrameMeta)} or takes
     * from {@link #txBuffer()}: {@code mtu() + 14} without segmentation offloads; with
     * {@link Offload#SEGMENTATION} bits up to 14 + 65535 (a whole IPv4 datagram). A receive
     * buffer this large never cuts a frame.
     */
    default int maxFrameBytes() {
        return mtu() + 14;
    }

    /**
     * Like {@link #receive(MemorySegment)}, and reports what the device knows about the frame in
     * {@code meta} (cleared for a plain frame). With {@link Offload#RX_GSO4}, give {@code rx} at
     * least {@link #maxFrameBytes()} bytes: a super-frame that does not fit is dropped (counted).
     */
    default int receive(MemorySegment rx, FrameMeta meta) {
        meta.clear();
        return receive(rx);
    }

    /**
     * Like {@link #transmit(int)}, with work for the device described by {@code meta}: a partial
     * checksum to complete ({@link Offload#TX_CSUM}), a super-frame of up to
     * {@link #maxFrameBytes()} bytes to segment ({@link Offload#TX_TSO4}).
     *
     * @throws IllegalArgumentException if {@code meta} asks for an offload {@link #offloads()}
     *                                  does not list, or does not fit the frame
     */
    default boolean transmit(int len, FrameMeta meta) {
        if (!meta.isPlain()) {
            throw new IllegalArgumentException("this device has no offloads (offloads() = " + Offload.names(offloads())
                    + "); finish the frame in software or check offloads() first: " + meta);
        }
        return transmit(len);
    }

    /**
     * Gather transmit: like {@link #transmit(int, FrameMeta)}, but the frame is the transmit
     * buffer's first {@code len} bytes with {@code pieces} laid over it ({@link FramePieces}): the
     * headers lie in the buffer, payload bytes may lie elsewhere (e.g. an application's immutable
     * bytes), so a device that can gather sends them from where they are without a copy (a TAP:
     * one {@code writev}). The pieces are read during this call only; the caller clears them.
     *
     * <p>The default copies the pieces into the transmit buffer and calls
     * {@link #transmit(int, FrameMeta)}, so every device takes gathered frames correctly.
     */
    default boolean transmit(int len, FrameMeta meta, FramePieces pieces) {
        pieces.copyInto(txBuffer());
        return transmit(len, meta);
    }

    /** Sends any frames batched by {@link #transmit}. Called once per loop turn, after the work. */
    default void flush() {}

    /** Device counters for the operator: name → value. */
    default java.util.Map<String, Long> counters() { return java.util.Map.of(); }

    @Override
    default void close() {}
}
