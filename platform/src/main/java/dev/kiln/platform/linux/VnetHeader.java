package dev.kiln.platform.linux;

import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.Offload;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The {@code virtio_net_hdr} a TAP opened with {@code IFF_VNET_HDR} puts before every frame,
 * in the 12-byte {@code virtio_net_hdr_v1} layout set with {@code TUNSETVNETHDRSZ} (the one
 * virtio 1.0 devices use; the 10-byte legacy header plus {@code num_buffers}, which a TAP
 * zeroes on read and ignores on write). Fields are little-endian: x86-64 and aarch64 are
 * little-endian hosts, and the legacy header is in host order.
 *
 * <pre>
 *   0 u8 flags  1 u8 gso_type  2 u16 hdr_len  4 u16 gso_size  6 u16 csum_start  8 u16 csum_offset  10 u16 num_buffers
 * </pre>
 */
final class VnetHeader {
    static final int BYTES = 12;
    static final int FLAGS = 0, GSO_TYPE = 1, HDR_LEN = 2, GSO_SIZE = 4, CSUM_START = 6, CSUM_OFFSET = 8, NUM_BUFFERS = 10;
    private static final ValueLayout.OfShort LE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort BE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private VnetHeader() {}

    /** Writes {@code meta} (or zeros for a plain frame) into the header at {@code h}. */
    static void write(MemorySegment h, FrameMeta meta) {
        h.set(ValueLayout.JAVA_BYTE, FLAGS, (byte) meta.flags());
        h.set(ValueLayout.JAVA_BYTE, GSO_TYPE, (byte) meta.gsoType());
        h.set(LE_U16, HDR_LEN, (short) meta.headerBytes());
        h.set(LE_U16, GSO_SIZE, (short) meta.gsoSize());
        h.set(LE_U16, CSUM_START, (short) meta.csumStart());
        h.set(LE_U16, CSUM_OFFSET, (short) meta.csumOffset());
        h.set(LE_U16, NUM_BUFFERS, (short) 0);
    }

    /** Reads the header at {@code h} into {@code meta}. */
    static void read(MemorySegment h, FrameMeta meta) {
        meta.set(h.get(ValueLayout.JAVA_BYTE, FLAGS) & 0xFF, h.get(ValueLayout.JAVA_BYTE, GSO_TYPE) & 0xFF,
                u16(h, HDR_LEN), u16(h, GSO_SIZE), u16(h, CSUM_START), u16(h, CSUM_OFFSET));
    }

    /**
     * Checks a transmit request against the offloads in force; a mistake is the caller's bug.
     *
     * @throws IllegalArgumentException saying what does not fit
     */
    static void checkTransmit(FrameMeta meta, int len, int offloads, int mtuFrame, int maxFrame) {
        if ((meta.flags() & ~FrameMeta.F_NEEDS_CSUM) != 0) {
            throw new IllegalArgumentException("only F_NEEDS_CSUM can be sent, not flags " + meta.flags());
        }
        int need = (meta.needsChecksum() ? Offload.TX_CSUM : 0) | (meta.isGso() ? Offload.TX_TSO4 : 0);
        if ((offloads & need) != need) {
            throw new IllegalArgumentException("the device does not offload " + Offload.names(need & ~offloads)
                    + " (it offloads " + Offload.names(offloads) + "); check offloads() first: " + meta);
        }
        if (meta.needsChecksum() && !checksumFits(meta, len)) {
            throw new IllegalArgumentException("checksum at " + meta.csumStart() + "+" + meta.csumOffset()
                    + " is outside the " + len + "-byte frame");
        }
        if (!meta.isGso()) {
            if (len < 14 || len > mtuFrame) throw new IllegalArgumentException("frame length " + len + " is outside 14…" + mtuFrame);
            return;
        }
        if (meta.gsoType() != FrameMeta.GSO_TCPV4) throw new IllegalArgumentException("only GSO_TCPV4 can be sent: " + meta);
        if (!meta.needsChecksum()) throw new IllegalArgumentException("segmentation needs partialChecksum too: " + meta);
        if (meta.gsoSize() < 1 || meta.headerBytes() < meta.csumStart() + 20 || meta.headerBytes() > len || len > maxFrame) {
            throw new IllegalArgumentException("super-frame of " + len + " bytes (at most " + maxFrame
                    + ") needs 0 < mss and csumStart + 20 <= headerBytes <= length: " + meta);
        }
    }

    /** True if a partial checksum's field lies inside a frame of {@code len} bytes (and after its start). */
    static boolean checksumFits(FrameMeta meta, int len) {
        return meta.csumStart() >= 14 && meta.csumStart() + meta.csumOffset() + 2 <= len;
    }

    /**
     * Completes a partial checksum in software, as {@code skb_checksum_help} does: the one's
     * complement of the sum from {@code csumStart} to {@code len} (the field's pseudo-header sum
     * included), 0 sent as 0xffff. The caller checked {@link #checksumFits}.
     */
    static void completeChecksum(MemorySegment frame, int len, FrameMeta meta) {
        long at = meta.csumStart() + meta.csumOffset();
        long sum = 0;
        long i = meta.csumStart();
        for (; i + 1 < len; i += 2) sum += Short.toUnsignedInt(frame.get(BE_U16, i));
        if (i < len) sum += (frame.get(ValueLayout.JAVA_BYTE, i) & 0xFF) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        int csum = ~(int) sum & 0xFFFF;
        frame.set(BE_U16, at, (short) (csum == 0 ? 0xFFFF : csum));
    }

    private static int u16(MemorySegment h, long off) {
        return Short.toUnsignedInt(h.get(LE_U16, off));
    }
}
