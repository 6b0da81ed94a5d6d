package dev.kiln.dns.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes and encodes whole {@link Message}s. Decoding is safe on hostile bytes: it never throws,
 * does work bounded by the message length, and reports the first problem as a {@link DnsError}.
 */
public final class MessageCodec {
    private MessageCodec() {}

    private static final ValueLayout.OfShort BE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE_U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Smallest resource record: a 2-byte pointer or root name plus 10 fixed bytes (root: 11). */
    private static final int RR_MIN = 11;
    /** Largest DNS message (TCP length prefix). */
    public static final int MESSAGE_MAX = 65535;

    /**
     * The outcome of {@link #decode}: a message, or an error and the offset where it was found.
     * {@code message} is null unless {@code error} is {@link DnsError#OK}.
     */
    public record Decoded(Message message, DnsError error, int errorOffset) {
        public boolean ok() { return error == DnsError.OK; }
    }

    public static Decoded decode(byte[] bytes) { return decode(MemorySegment.ofArray(bytes)); }

    /** Decodes one message from all of {@code seg} (bytes past the last record are ignored). */
    public static Decoded decode(MemorySegment seg) {
        int len = (int) Math.min(seg.byteSize(), MESSAGE_MAX);
        if (len < DnsHeader.LEN) return fail(DnsError.SHORT_HEADER, 0);
        int id = u16(seg, 0), flags = u16(seg, 2);
        int qd = u16(seg, 4), an = u16(seg, 6), ns = u16(seg, 8), ar = u16(seg, 10);
        if ((long) qd * 5 + (long) (an + ns + ar) * RR_MIN > len - DnsHeader.LEN + 0L && (qd + an + ns + ar) > 0) {
            // every question needs >= 5 bytes (root name + type + class), every RR >= 11
            return fail(DnsError.TOO_MANY_RECORDS, 4);
        }
        byte[] name = new byte[DnsNames.NAME_MAX];
        int p = DnsHeader.LEN;
        List<Question> qs = new ArrayList<>(qd);
        for (int i = 0; i < qd; i++) {
            long r = DnsNames.read(seg, len, p, name, false);
            if (r < 0) return fail(DnsNames.error(r), p);
            int q = DnsNames.next(r);
            if (q + 4 > len) return fail(DnsError.TRUNCATED_QUESTION, q);
            qs.add(new Question(Arrays.copyOf(name, DnsNames.length(r)), u16(seg, q), u16(seg, q + 2)));
            p = q + 4;
        }
        List<List<ResourceRecord>> sections = List.of(new ArrayList<>(an), new ArrayList<>(ns), new ArrayList<>(ar));
        int[] counts = {an, ns, ar};
        Edns edns = null;
        byte[] rd = new byte[MESSAGE_MAX];
        byte[] rdName = new byte[DnsNames.NAME_MAX];
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < counts[s]; i++) {
                int start = p;
                long r = DnsNames.read(seg, len, p, name, false);
                if (r < 0) return fail(DnsNames.error(r), p);
                int nameLen = DnsNames.length(r);
                p = DnsNames.next(r);
                if (p + 10 > len) return fail(DnsError.TRUNCATED_RR, p);
                int type = u16(seg, p), cls = u16(seg, p + 2);
                long ttl = Integer.toUnsignedLong(seg.get(BE_U32, p + 4));
                int rdlen = u16(seg, p + 8);
                p += 10;
                if (p + rdlen > len) return fail(DnsError.TRUNCATED_RR, p);
                if (type == RrType.OPT) {
                    if (s != 2 || nameLen != 1) return fail(DnsError.BAD_OPT, start);
                    if (edns != null) return fail(DnsError.MULTIPLE_OPT, start);
                    byte[] opts = new byte[rdlen];
                    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, p, opts, 0, rdlen);
                    if (!optionsWellFormed(opts)) return fail(DnsError.BAD_OPT_OPTIONS, p);
                    edns = new Edns(cls, (int) (ttl >>> 24), (int) (ttl >>> 16) & 0xFF,
                            (ttl & 0x8000) != 0, (int) ttl & 0x7FFF, opts);
                    p += rdlen;
                    continue;
                }
                int outLen = rdata(seg, len, p, rdlen, type, rd, rdName);
                if (outLen < 0) return fail(DnsError.BAD_RDATA, p);
                sections.get(s).add(new ResourceRecord(Arrays.copyOf(name, nameLen), type, cls, ttl, Arrays.copyOf(rd, outLen)));
                p += rdlen;
            }
        }
        return new Decoded(new Message(new Header(id, flags), qs, sections.get(0), sections.get(1), sections.get(2), edns),
                DnsError.OK, -1);
    }

    /** True if {@code opts} is a sequence of complete option-code/length/data triples (RFC 6891 §6.1.2). */
    public static boolean optionsWellFormed(byte[] opts) {
        int p = 0;
        while (p < opts.length) {
            if (p + 4 > opts.length) return false;
            int olen = ((opts[p + 2] & 0xFF) << 8) | (opts[p + 3] & 0xFF);
            p += 4 + olen;
            if (p > opts.length) return false;
        }
        return true;
    }

    /** Decompresses RDATA of the RFC 1035 types into {@code out}; others copied. Returns length or -1. */
    private static int rdata(MemorySegment seg, int len, int p, int rdlen, int type, byte[] out, byte[] name) {
        int end = p + rdlen;
        int layout = RrType.compressedLayout(type);
        if (layout == 0) {
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, p, out, 0, rdlen);
            return rdlen;
        }
        int o = 0, q = p;
        if (layout == 4) {
            if (q + 2 > end) return -1;
            out[o++] = seg.get(ValueLayout.JAVA_BYTE, q);
            out[o++] = seg.get(ValueLayout.JAVA_BYTE, q + 1);
            q += 2;
        }
        int names = layout == 1 || layout == 4 ? 1 : 2;
        for (int i = 0; i < names; i++) {
            long r = DnsNames.read(seg, end, q, name, false);
            if (r < 0) return -1;
            int n = DnsNames.length(r);
            System.arraycopy(name, 0, out, o, n);
            o += n;
            q = DnsNames.next(r);
        }
        int tail = layout == 3 ? 20 : 0;
        if (q + tail != end) return -1;
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, q, out, o, tail);
        return o + tail;
    }

    private static Decoded fail(DnsError e, int at) { return new Decoded(null, e, at); }
    private static int u16(MemorySegment s, int off) { return Short.toUnsignedInt(s.get(BE_U16, off)); }

    /**
     * Encodes {@code m} with name compression (owner names, and names in the RDATA of the RFC 1035
     * types that allow it). The OPT RR, if any, is written last in the additional section.
     *
     * @throws IllegalArgumentException if the message does not fit in 65535 bytes or a name is malformed
     */
    public static byte[] encode(Message m) {
        byte[] buf = new byte[MESSAGE_MAX];
        MessageWriter w = new MessageWriter().reset(buf, MESSAGE_MAX);
        int n = encode(m, w);
        if (n < 0) throw new IllegalArgumentException("message does not fit in 65535 bytes or has a malformed name");
        return Arrays.copyOf(buf, n);
    }

    /** Encodes into {@code w} (after its reset); returns the length, or -1 if it does not fit. */
    public static int encode(Message m, MessageWriter w) {
        Header h = m.header();
        int ar = m.additionals().size() + (m.edns() == null ? 0 : 1);
        if (m.questions().size() > 0xFFFF || m.answers().size() > 0xFFFF || m.authorities().size() > 0xFFFF || ar > 0xFFFF) return -1;
        if (!(w.u16(h.id()) && w.u16(h.flags()) && w.u16(m.questions().size()) && w.u16(m.answers().size())
                && w.u16(m.authorities().size()) && w.u16(ar))) return -1;
        for (Question q : m.questions()) {
            if (!(w.name(q.name(), 0, true) && w.u16(q.type()) && w.u16(q.qclass()))) return -1;
        }
        for (List<ResourceRecord> sec : List.of(m.answers(), m.authorities(), m.additionals())) {
            for (ResourceRecord r : sec) {
                if (!(w.name(r.name(), 0, true) && w.u16(r.type()) && w.u16(r.rrClass()) && w.u32(r.ttl())
                        && w.rdata(r.type(), r.rdata(), true))) return -1;
            }
        }
        Edns e = m.edns();
        if (e != null) {
            long ttl = ((long) e.extendedRcode() << 24) | ((long) e.version() << 16) | (e.dnssecOk() ? 0x8000 : 0) | e.zFlags();
            if (!(w.u8(0) && w.u16(RrType.OPT) && w.u16(e.udpPayloadSize()) && w.u32(ttl)
                    && w.u16(e.options().length) && w.bytes(e.options(), 0, e.options().length))) return -1;
        }
        return w.position();
    }
}
