package dev.kiln.dns.wire;

/**
 * Writes a DNS message into a byte array up to a limit, compressing names (RFC 1035 §4.1.4).
 *
 * <p>Compression is case-insensitive: a name compressed to an earlier one inherits that one's
 * spelling, which is how answers inherit the case of the query name echoed in the question.
 * Writes that do not fit return false and leave the position unchanged; {@link #mark()} /
 * {@link #rollback(long)} undo whole records (and their compression-table entries).
 * Reusable: {@link #reset} it per message; no allocation after construction.
 */
public final class MessageWriter {
    /** Compression-table capacity (label positions remembered). */
    public static final int TABLE_MAX = 1024;
    private static final int POINTER_MAX = 0x3FFF;

    private byte[] buf;
    private int limit;
    private int pos;
    private final int[] table = new int[TABLE_MAX];
    private int tableCount;
    /** Entries a name may compress to: those of names completed before it. */
    private int searchLimit;

    /** Starts a new message in {@code buf}, writing at most {@code limit} bytes. */
    public MessageWriter reset(byte[] buf, int limit) {
        this.buf = buf;
        this.limit = Math.min(limit, buf.length);
        this.pos = 0;
        this.tableCount = 0;
        return this;
    }

    public int position() { return pos; }
    public int limit() { return limit; }
    public byte[] buffer() { return buf; }
    /** Changes the limit (never beyond the buffer). */
    public void setLimit(int limit) { this.limit = Math.min(limit, buf.length); }
    /** Moves the write position (e.g. past a header filled in later); must be within the limit. */
    public void setPosition(int p) { this.pos = p; }

    /** A mark (position + table size) for {@link #rollback}. */
    public long mark() { return ((long) pos << 32) | tableCount; }
    public void rollback(long mark) { pos = (int) (mark >>> 32); tableCount = (int) mark; }

    public boolean u8(int v) {
        if (pos + 1 > limit) return false;
        buf[pos++] = (byte) v;
        return true;
    }
    public boolean u16(int v) {
        if (pos + 2 > limit) return false;
        buf[pos++] = (byte) (v >>> 8); buf[pos++] = (byte) v;
        return true;
    }
    public boolean u32(long v) {
        if (pos + 4 > limit) return false;
        buf[pos++] = (byte) (v >>> 24); buf[pos++] = (byte) (v >>> 16); buf[pos++] = (byte) (v >>> 8); buf[pos++] = (byte) v;
        return true;
    }
    public boolean bytes(byte[] src, int off, int len) {
        if (pos + len > limit) return false;
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
        return true;
    }
    /** Writes a 16-bit value at an absolute position already written (e.g. RDLENGTH, counts). */
    public void patchU16(int at, int v) { buf[at] = (byte) (v >>> 8); buf[at + 1] = (byte) v; }

    /**
     * Remembers the labels of an uncompressed name already in the buffer at {@code at} as
     * compression targets (e.g. the echoed question).
     */
    public void register(int at) {
        int p = at;
        while (p < pos && buf[p] != 0 && (buf[p] & 0xC0) == 0) {
            addEntry(p);
            p += 1 + (buf[p] & 0xFF);
        }
    }

    /**
     * Writes the uncompressed wire name {@code name[off..]}; if {@code compress}, the longest
     * suffix already in the message is replaced by a pointer. New label positions are remembered
     * either way (RFC 3597 §4: uncompressed names may still be pointed to).
     */
    public boolean name(byte[] name, int off, boolean compress) {
        int len = DnsNames.wireLength(name, off, name.length);
        if (len < 0) return false;
        long m = mark();
        searchLimit = tableCount; // never point into the name being written (a loop)
        int p = off;
        while (true) {
            int n = name[p] & 0xFF;
            if (n == 0) {
                if (!u8(0)) { rollback(m); return false; }
                return true;
            }
            if (compress) {
                int target = find(name, p, off + len - p);
                if (target >= 0) {
                    if (!u16(0xC000 | target)) { rollback(m); return false; }
                    return true;
                }
            }
            int at = pos;
            if (!bytes(name, p, 1 + n)) { rollback(m); return false; }
            addEntry(at);
            p += 1 + n;
        }
        // unreachable
    }

    private void addEntry(int at) {
        if (at <= POINTER_MAX && tableCount < TABLE_MAX) table[tableCount++] = at;
    }

    /** A table position whose name equals {@code name[off, off+len)} ignoring case, or -1. */
    private int find(byte[] name, int off, int len) {
        for (int i = 0; i < searchLimit; i++) {
            if (matches(table[i], name, off, len)) return table[i];
        }
        return -1;
    }

    private boolean matches(int at, byte[] name, int off, int len) {
        int p = at, q = off, hops = 0;
        while (true) {
            int b = buf[p] & 0xFF;
            if ((b & 0xC0) == 0xC0) {
                if (++hops > DnsNames.POINTER_HOPS_MAX) return false;
                p = ((b & 0x3F) << 8) | (buf[p + 1] & 0xFF);
                continue;
            }
            if (q >= off + len) return false;
            if (b != (name[q] & 0xFF)) return false;
            if (b == 0) return true;
            for (int i = 1; i <= b; i++) {
                if (DnsNames.toLower(buf[p + i]) != DnsNames.toLower(name[q + i])) return false;
            }
            p += 1 + b;
            q += 1 + b;
        }
    }

    /**
     * Writes RDATA of {@code type} (uncompressed wire form) with its RDLENGTH; names in the RFC 1035
     * types that allow it are compressed, others are copied as they are (RFC 3597 §4).
     */
    public boolean rdata(int type, byte[] rdata, boolean compress) {
        long m = mark();
        int lenAt = pos;
        if (!u16(0)) return false;
        int layout = compress ? RrType.compressedLayout(type) : 0;
        boolean ok = switch (layout) {
            case 1 -> name(rdata, 0, true) && DnsNames.wireLength(rdata, 0, rdata.length) == rdata.length;
            case 2 -> twoNames(rdata, 0, 0);
            case 3 -> twoNames(rdata, 0, 20);
            case 4 -> rdata.length >= 3 && bytes(rdata, 0, 2) && name(rdata, 2, true)
                    && 2 + DnsNames.wireLength(rdata, 2, rdata.length) == rdata.length;
            default -> bytes(rdata, 0, rdata.length);
        };
        if (!ok && layout != 0 && pos <= limit) {
            // malformed stored RDATA of a well-known type: fall back to opaque copy
            rollback(m);
            if (!u16(0)) return false;
            ok = bytes(rdata, 0, rdata.length);
        }
        if (!ok) { rollback(m); return false; }
        patchU16(lenAt, pos - lenAt - 2);
        return true;
    }

    private boolean twoNames(byte[] r, int off, int tail) {
        int l1 = DnsNames.wireLength(r, off, r.length);
        if (l1 < 0) return false;
        int l2 = DnsNames.wireLength(r, off + l1, r.length);
        if (l2 < 0 || off + l1 + l2 + tail != r.length) return false;
        return name(r, off, true) && name(r, off + l1, true) && bytes(r, off + l1 + l2, tail);
    }
}
