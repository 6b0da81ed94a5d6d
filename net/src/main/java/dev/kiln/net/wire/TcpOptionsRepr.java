package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The TCP options Kiln understands (RFC 9293 §3.2, RFC 7323, RFC 2018). {@link #NONE} (-1) marks an
 * absent MSS or window scale; {@code sack} is empty when no SACK option was sent.
 *
 * <p>Parsing treats the option space as hostile: EOL ends it, NOP is skipped, unknown kinds are
 * skipped by their length; a length below 2, a wrong length for a known kind, an option that runs
 * past the end, or a repeated known option is a {@link WireError}. The window-scale shift is kept as
 * sent (RFC 7323 §2.3 says to use 14 for larger values; the connection clamps it).
 *
 * <p>Emitting lays the options out as Linux does (MSS, SACK-permitted + timestamps, NOP + window
 * scale, NOP NOP + SACK), word-aligned when that fits in 40 bytes and packed otherwise.
 *
 * <p>A value (equal by its fields, immutable), except a {@link #scratch()}: a receiver's one repr, parsed over
 * again for each segment ({@link #reparse}: nothing allocated without SACK blocks), valid until the next.
 */
public final class TcpOptionsRepr {
    public static final int NONE = -1;
    public static final int MAX_LEN = 40;
    public static final int MAX_SACK_BLOCKS = 4;
    public static final TcpOptionsRepr EMPTY = new TcpOptionsRepr(NONE, NONE, false, List.of(), false, 0, 0);

    static final int EOL = 0, NOP = 1, MSS = 2, WS = 3, SACK_PERM = 4, SACK = 5, TS = 8;

    private int mss = NONE, windowScale = NONE, tsVal, tsEcr;
    private boolean sackPermitted, timestamps;
    private List<TcpSackBlock> sack;
    private final ArrayList<TcpSackBlock> sackScratch; // a scratch's blocks (sack is a view of them); else null

    public TcpOptionsRepr(int mss, int windowScale, boolean sackPermitted, List<TcpSackBlock> sack, boolean timestamps, int tsVal, int tsEcr) {
        if (mss < NONE || mss > 0xFFFF) throw new IllegalArgumentException("MSS is 16 bits (or NONE): " + mss);
        if (windowScale < NONE || windowScale > 0xFF) throw new IllegalArgumentException("window scale is 8 bits (or NONE): " + windowScale);
        sack = List.copyOf(sack);
        if (sack.size() > MAX_SACK_BLOCKS) throw new IllegalArgumentException("at most 4 SACK blocks: " + sack.size());
        if (!timestamps && (tsVal != 0 || tsEcr != 0)) throw new IllegalArgumentException("timestamp values without the option");
        int need = packedLen(mss, windowScale, sackPermitted, sack.size(), timestamps);
        if (need > MAX_LEN) throw new IllegalArgumentException("options need " + need + " bytes; TCP has room for 40");
        this.mss = mss;
        this.windowScale = windowScale;
        this.sackPermitted = sackPermitted;
        this.sack = sack;
        this.timestamps = timestamps;
        this.tsVal = tsVal;
        this.tsEcr = tsEcr;
        this.sackScratch = null;
    }

    private TcpOptionsRepr(ArrayList<TcpSackBlock> sackScratch) {
        this.sackScratch = sackScratch;
        this.sack = sackScratch == null ? List.of() : Collections.unmodifiableList(sackScratch);
    }

    /** A repr to {@link #reparse} segment after segment (one owner; what it read is valid until the next parse). */
    public static TcpOptionsRepr scratch() { return new TcpOptionsRepr(new ArrayList<>(MAX_SACK_BLOCKS)); }

    public int mss() { return mss; }
    public int windowScale() { return windowScale; }
    public boolean sackPermitted() { return sackPermitted; }
    public List<TcpSackBlock> sack() { return sack; }
    public boolean timestamps() { return timestamps; }
    public int tsVal() { return tsVal; }
    public int tsEcr() { return tsEcr; }

    public TcpOptionsRepr withMss(int v) { return new TcpOptionsRepr(v, windowScale, sackPermitted, sack, timestamps, tsVal, tsEcr); }
    public TcpOptionsRepr withWindowScale(int v) { return new TcpOptionsRepr(mss, v, sackPermitted, sack, timestamps, tsVal, tsEcr); }
    public TcpOptionsRepr withSackPermitted(boolean v) { return new TcpOptionsRepr(mss, windowScale, v, sack, timestamps, tsVal, tsEcr); }
    public TcpOptionsRepr withSack(List<TcpSackBlock> v) { return new TcpOptionsRepr(mss, windowScale, sackPermitted, v, timestamps, tsVal, tsEcr); }
    public TcpOptionsRepr withTimestamps(int val, int ecr) { return new TcpOptionsRepr(mss, windowScale, sackPermitted, sack, true, val, ecr); }

    private static int packedLen(int mss, int ws, boolean sackPerm, int blocks, boolean ts) {
        return (mss != NONE ? 4 : 0) + (ws != NONE ? 3 : 0) + (sackPerm ? 2 : 0) + (blocks == 0 ? 0 : 2 + 8 * blocks) + (ts ? 10 : 0);
    }

    private int packedLen() { return packedLen(mss, windowScale, sackPermitted, sack.size(), timestamps); }

    private int alignedLen() {
        return (mss != NONE ? 4 : 0) + (timestamps ? 12 : sackPermitted ? 4 : 0) + (windowScale != NONE ? 4 : 0)
                + (sack.isEmpty() ? 0 : 4 + 8 * sack.size());
    }

    /** Bytes {@link #emit} writes, a multiple of 4 (at most 40). */
    public int bufferLen() {
        int a = alignedLen();
        return a <= MAX_LEN ? a : (packedLen() + 3) & ~3;
    }

    /** Writes {@link #bufferLen} bytes at {@code off}. */
    public void emit(MemorySegment s, long off) {
        boolean aligned = alignedLen() <= MAX_LEN;
        long p = off;
        if (mss != NONE) { Be.u8(s, p, MSS); Be.u8(s, p + 1, 4); Be.u16(s, p + 2, mss); p += 4; }
        if (sackPermitted && (timestamps || !aligned)) { Be.u8(s, p, SACK_PERM); Be.u8(s, p + 1, 2); p += 2; }
        else if (sackPermitted) { Be.u16(s, p, 0x0101); Be.u8(s, p + 2, SACK_PERM); Be.u8(s, p + 3, 2); p += 4; }
        if (timestamps) {
            if (!sackPermitted && aligned) { Be.u16(s, p, 0x0101); p += 2; }
            Be.u8(s, p, TS); Be.u8(s, p + 1, 10); Be.u32(s, p + 2, tsVal); Be.u32(s, p + 6, tsEcr); p += 10;
        }
        if (windowScale != NONE) {
            if (aligned) Be.u8(s, p++, NOP);
            Be.u8(s, p, WS); Be.u8(s, p + 1, 3); Be.u8(s, p + 2, windowScale); p += 3;
        }
        if (!sack.isEmpty()) {
            if (aligned) { Be.u16(s, p, 0x0101); p += 2; }
            Be.u8(s, p, SACK); Be.u8(s, p + 1, 2 + 8 * sack.size()); p += 2;
            for (TcpSackBlock b : sack) { Be.u32(s, p, b.left()); Be.u32(s, p + 4, b.right()); p += 8; }
        }
        for (long end = off + bufferLen(); p < end; p++) Be.u8(s, p, EOL);
    }

    /** Checks the option space of {@code len} bytes at {@code off}. */
    public static WireError check(MemorySegment s, long off, int len) { return scan(s, off, len, new TcpOptionsRepr(null)); }

    /** The options in {@code len} bytes at {@code off}, or null when {@link #check} fails. */
    public static TcpOptionsRepr parse(MemorySegment s, long off, int len) {
        TcpOptionsRepr a = new TcpOptionsRepr(null);
        return scan(s, off, len, a) == WireError.OK ? a : null;
    }

    /**
     * Parses the options in {@code len} bytes at {@code off} into this {@link #scratch()}, as {@link #parse}: OK, or
     * the error of {@link #check} (the fields are then undefined).
     */
    public WireError reparse(MemorySegment s, long off, int len) {
        if (sackScratch == null) throw new IllegalStateException("only a scratch repr is parsed again; this one is a value");
        mss = windowScale = NONE;
        tsVal = tsEcr = 0;
        sackPermitted = timestamps = false;
        sackScratch.clear();
        return scan(s, off, len, this);
    }

    private static WireError scan(MemorySegment s, long off, int len, TcpOptionsRepr a) {
        long p = off, end = off + len;
        while (p < end) {
            int kind = Be.u8(s, p);
            if (kind == EOL) break;
            if (kind == NOP) { p++; continue; }
            if (p + 1 >= end) return WireError.OPTION_OVERRUN;
            int olen = Be.u8(s, p + 1);
            if (olen < 2) return WireError.BAD_OPTION_LENGTH;
            if (p + olen > end) return WireError.OPTION_OVERRUN;
            WireError e = switch (kind) {
                case MSS -> olen != 4 ? WireError.BAD_OPTION_LENGTH : a.mss != NONE ? WireError.DUPLICATE_OPTION : ok(a.mss = Be.u16(s, p + 2));
                case WS -> olen != 3 ? WireError.BAD_OPTION_LENGTH : a.windowScale != NONE ? WireError.DUPLICATE_OPTION : ok(a.windowScale = Be.u8(s, p + 2));
                case SACK_PERM -> olen != 2 ? WireError.BAD_OPTION_LENGTH : a.sackPermitted ? WireError.DUPLICATE_OPTION : ok(a.sackPermitted = true);
                case TS -> olen != 10 ? WireError.BAD_OPTION_LENGTH : a.timestamps ? WireError.DUPLICATE_OPTION : timestamps(s, p, a);
                case SACK -> (olen - 2) % 8 != 0 || olen == 2 || olen > 2 + 8 * MAX_SACK_BLOCKS ? WireError.BAD_OPTION_LENGTH
                        : !a.sack.isEmpty() ? WireError.DUPLICATE_OPTION : sack(s, p, olen, a);
                default -> WireError.OK; // RFC 9293 §3.2: unknown options are skipped by their length
            };
            if (e != WireError.OK) return e;
            p += olen;
        }
        return WireError.OK;
    }

    private static WireError ok(int ignored) { return WireError.OK; } // an int, not Object: no boxing
    private static WireError ok(boolean ignored) { return WireError.OK; }

    private static WireError timestamps(MemorySegment s, long p, TcpOptionsRepr a) {
        a.timestamps = true;
        a.tsVal = Be.u32(s, p + 2);
        a.tsEcr = Be.u32(s, p + 6);
        return WireError.OK;
    }

    private static WireError sack(MemorySegment s, long p, int olen, TcpOptionsRepr a) {
        List<TcpSackBlock> blocks = a.sackScratch != null ? a.sackScratch : new ArrayList<>(MAX_SACK_BLOCKS);
        for (long q = p + 2; q < p + olen; q += 8) blocks.add(new TcpSackBlock(Be.u32(s, q), Be.u32(s, q + 4)));
        if (a.sackScratch == null) a.sack = List.copyOf(blocks);
        return WireError.OK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpOptionsRepr r && mss == r.mss && windowScale == r.windowScale && sackPermitted == r.sackPermitted
                && sack.equals(r.sack) && timestamps == r.timestamps && tsVal == r.tsVal && tsEcr == r.tsEcr;
    }

    @Override
    public int hashCode() { return Objects.hash(mss, windowScale, sackPermitted, sack, timestamps, tsVal, tsEcr); }

    @Override
    public String toString() {
        return "TcpOptionsRepr[mss=" + mss + ", windowScale=" + windowScale + ", sackPermitted=" + sackPermitted + ", sack=" + sack
                + ", timestamps=" + timestamps + ", tsVal=" + tsVal + ", tsEcr=" + tsEcr + "]";
    }
}
