package dev.kiln.platform;

/**
 * Offload capabilities of a {@link NetDevice}, as bits of {@link NetDevice#offloads()}: work
 * the device (for a TAP: the Linux kernel) does for the stack, frame by frame, described by a
 * {@link FrameMeta}. A device without offloads reports 0 and behaves as a plain Ethernet card.
 *
 * <p>Transmit bits let the caller hand over less finished frames; receive bits warn the caller
 * that frames may come less finished (and must be read with the metadata):
 * <ul>
 *   <li>{@link #TX_CSUM}: {@link NetDevice#transmit(int, FrameMeta)} completes a TCP/UDP
 *       checksum the caller left partial ({@link FrameMeta#partialChecksum});
 *   <li>{@link #TX_TSO4}: it also cuts one TCPv4 super-frame (up to
 *       {@link NetDevice#maxFrameBytes()}) into MSS-sized segments
 *       ({@link FrameMeta#tcp4Segmentation}); implies {@link #TX_CSUM};
 *   <li>{@link #RX_CSUM}: {@link NetDevice#receive(java.lang.foreign.MemorySegment, FrameMeta)}
 *       may report a frame's checksum as already verified, or as partial (the frame came from
 *       the host's own memory and its checksum field holds only the pseudo-header sum);
 *   <li>{@link #RX_GSO4}: it may deliver TCPv4 super-frames (several segments' payload behind
 *       one header, up to {@link NetDevice#maxFrameBytes()}); implies {@link #RX_CSUM}.
 * </ul>
 */
public final class Offload {
    public static final int TX_CSUM = 1;
    public static final int TX_TSO4 = 1 << 1;
    public static final int RX_CSUM = 1 << 2;
    public static final int RX_GSO4 = 1 << 3;
    /** Everything Kiln's IPv4 TCP can use: checksum and segmentation offload both ways. */
    public static final int ALL = TX_CSUM | TX_TSO4 | RX_CSUM | RX_GSO4;
    /** The segmentation bits: with one of them, frames can exceed {@code mtu + 14} bytes. */
    public static final int SEGMENTATION = TX_TSO4 | RX_GSO4;

    private static final String[] NAMES = {"tx-csum", "tx-tso4", "rx-csum", "rx-gso4"};

    private Offload() {}

    /** The bits' names, e.g. {@code tx-csum,tx-tso4}, or {@code none}. */
    public static String names(int bits) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & (1 << i)) == 0) continue;
            if (!b.isEmpty()) b.append(',');
            b.append(NAMES[i]);
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    /**
     * Checks a requested set: known bits only, and each segmentation bit with its checksum bit
     * (segments need their checksums filled in, as the kernel requires).
     *
     * @return null if valid, else what is wrong and how to fix it
     */
    public static String problem(int bits) {
        if ((bits & ~ALL) != 0) return "unknown offload bits 0x" + Integer.toHexString(bits & ~ALL) + "; use the Offload constants";
        if ((bits & TX_TSO4) != 0 && (bits & TX_CSUM) == 0) return "tx-tso4 needs tx-csum; add Offload.TX_CSUM";
        if ((bits & RX_GSO4) != 0 && (bits & RX_CSUM) == 0) return "rx-gso4 needs rx-csum; add Offload.RX_CSUM";
        return null;
    }
}
