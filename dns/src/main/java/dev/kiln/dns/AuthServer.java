package dev.kiln.dns;

import dev.kiln.dns.wire.DnsHeader;
import dev.kiln.dns.wire.DnsNames;
import dev.kiln.dns.wire.MessageWriter;
import dev.kiln.dns.wire.RrType;
import dev.kiln.dns.zone.ZoneSet;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authoritative DNS server: pure and sans-I/O — query bytes in, answer bytes out. Answers
 * match NSD 4.6's byte for byte in the cases tested (see the package documentation).
 *
 * <p>Fast path: answers are memoised on first use, keyed by the lowercased question plus the bits
 * that shape the answer (EDNS present, DO, TCP, the size limit). A hit is one table lookup, a copy
 * and three patches (id, RD, the query name's spelling at offset 12); it allocates nothing.
 *
 * <p>One instance per loop thread: not thread-safe. Wiring, e.g. on a {@code NetStack}:
 * <pre>{@code
 * AuthServer server = new AuthServer(ZoneSet.load(image), ServerConfig.defaults());
 * stack.udpBind(53, (socket, src, srcPort, query, reply) -> server.answer(query, reply, false));
 * }</pre>
 * Over TCP pass the message without its 2-byte length prefix and an {@code out} of up to 65535 bytes.
 */
public final class AuthServer {
    private static final ValueLayout.OfShort BE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE_U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int UDP_PLAIN_MAX = 512, TCP_MAX = 65535;
    private static final int OPT_LEN = 11, EDE_LEN = 6;
    private static final byte[] NO_TEXT = new byte[0];
    private static final int EDE_NOT_SUPPORTED = 21, EDE_PROHIBITED = 18;

    private final ServerConfig config;
    private final ZoneSet zones;
    private final Resolver resolver;
    private final ResponseMemo memo;
    private final MessageWriter writer = new MessageWriter();
    private final byte[] resp = new byte[TCP_MAX];
    private final byte[] qname = new byte[DnsNames.NAME_MAX];
    private final byte[] qnameSpelt = new byte[DnsNames.NAME_MAX];
    private final byte[] key = new byte[DnsNames.NAME_MAX + 8];
    private final boolean[] tc = new boolean[1];
    private final long[] counters = new long[Counter.values().length];
    private final long[] formErrs = new long[FormErrReason.values().length];

    // the parsed query (fields valid after parse)
    private int qFlags, qNameLen, qEnd, qType, qClass;
    private boolean edns, dnssecOk, memoBlocked;
    private int ednsVersion, ednsSize;

    public AuthServer(ZoneSet zones, ServerConfig config) {
        this.config = config;
        this.zones = zones;
        this.resolver = new Resolver(zones, config.cnameChainMax());
        this.memo = new ResponseMemo(config.memoEntriesMax(), config.memoBytesMax());
    }

    /**
     * Answers one query.
     *
     * @param query the query message (UDP payload, or a TCP message without its length prefix)
     * @param out   where the answer goes, written from offset 0; its size is the transport's capacity
     * @param tcp   true over TCP (answers up to 65535 bytes; UDP answers obey RFC 1035 §4.2.1 / RFC 6891 §6.2.5)
     * @return the answer's length, or 0 to send nothing
     */
    public int answer(MemorySegment query, MemorySegment out, boolean tcp) {
        counters[Counter.QUERIES.ordinal()]++;
        int len = (int) Math.min(query.byteSize(), TCP_MAX);
        if (len < DnsHeader.LEN) return drop(Counter.DROPPED_SHORT);
        int outMax = (int) Math.min(out.byteSize(), TCP_MAX);
        if (outMax < DnsHeader.LEN) return drop(Counter.DROPPED_NO_ROOM);
        qFlags = u16(query, 2);
        if ((qFlags & DnsHeader.FLAG_QR) != 0) return drop(Counter.DROPPED_RESPONSE);
        int opcode = (qFlags >>> 11) & 0xF;
        if (opcode == 4) return notify(query, out, len);
        if (opcode != 0) {
            // NSD query_error(NSD_RC_IMPL): flags kept, QR set, AD cleared, no question
            return headerOnly(query, out, ((qFlags | DnsHeader.FLAG_QR) & ~DnsHeader.FLAG_AD & ~0xF) | 4, Counter.RCODE_NOTIMP);
        }
        int formerrFlags = (qFlags & DnsHeader.FLAG_RD) | DnsHeader.FLAG_QR | 1;
        // NSD process_query_section: the first question, whatever QDCOUNT says
        long r = DnsNames.read(query, len, DnsHeader.LEN, qname, true);
        if (r < 0 || DnsNames.next(r) + 4 > len) return formErr(query, out, formerrFlags, FormErrReason.BAD_QUESTION);
        qNameLen = DnsNames.length(r);
        int afterName = DnsNames.next(r);
        if (afterName - DnsHeader.LEN != qNameLen) return formErr(query, out, formerrFlags, FormErrReason.COMPRESSED_QNAME);
        qType = u16(query, afterName);
        qClass = u16(query, afterName + 2);
        qEnd = afterName + 4;
        if ((qFlags & 0xF) != 0) return formErr(query, out, formerrFlags, FormErrReason.RCODE_SET);
        int qd = u16(query, 4), an = u16(query, 6), ns = u16(query, 8), ar = u16(query, 10);
        if (qd != 1) {
            if (qd == 0 && an == 0 && ns == 0 && ar == 1 && parseOpt(query, len, DnsHeader.LEN) > 0 && ednsVersion == 0) {
                // NSD answers an EDNS probe without a question with its OPT (and, by a quirk, NOERROR)
                int flags = (qFlags & DnsHeader.FLAG_RD) | DnsHeader.FLAG_QR;
                return optOnly(query, out, flags);
            }
            return formErr(query, out, DnsHeader.FLAG_QR | 1, FormErrReason.QDCOUNT);
        }
        if (an != 0 || (qType != RrType.IXFR && ns != 0)) return formErr(query, out, formerrFlags, FormErrReason.UNEXPECTED_RECORDS);
        int p = qEnd;
        if (qType == RrType.IXFR && ns > 0) {
            if (ns > 64) return formErr(query, out, formerrFlags, FormErrReason.UNEXPECTED_RECORDS);
            for (int i = 0; i < ns; i++) {
                p = skipRr(query, len, p);
                if (p < 0) return formErr(query, out, formerrFlags, FormErrReason.UNEXPECTED_RECORDS);
            }
        }
        edns = false; dnssecOk = false; ednsVersion = 0; ednsSize = 0;
        if (ar > 0) {
            int e = parseOpt(query, len, p);
            if (e < 0) return formErr(query, out, formerrFlags, FormErrReason.BAD_OPT);
            if (e == 0 || ar > 1) return formErr(query, out, formerrFlags, FormErrReason.BAD_ADDITIONAL);
        }
        if (edns && ednsVersion != 0) return badVers(query, out);

        int maxLen = tcp ? TCP_MAX : edns && ednsSize > UDP_PLAIN_MAX ? Math.min(ednsSize, config.udpPayloadMax()) : UDP_PLAIN_MAX;
        maxLen = Math.min(maxLen, outMax);
        if (maxLen < qEnd + (edns ? OPT_LEN + EDE_LEN : 0)) return drop(Counter.DROPPED_NO_ROOM);

        // memo key: lowercased qname, qtype, qclass, shaping bits, size limit
        System.arraycopy(qname, 0, key, 0, qNameLen);
        int k = qNameLen;
        key[k++] = (byte) (qType >>> 8); key[k++] = (byte) qType;
        key[k++] = (byte) (qClass >>> 8); key[k++] = (byte) qClass;
        key[k++] = (byte) ((edns ? 1 : 0) | (dnssecOk ? 2 : 0) | (tcp ? 4 : 0));
        key[k++] = (byte) (maxLen >>> 8); key[k++] = (byte) maxLen;
        int hash = ResponseMemo.hash(key, k);
        int n = memo.get(key, k, hash, out);
        if (n > 0) {
            counters[Counter.MEMO_HITS.ordinal()]++;
            out.set(BE_U16, 0, query.get(BE_U16, 0));
            byte f = out.get(ValueLayout.JAVA_BYTE, 2);
            out.set(ValueLayout.JAVA_BYTE, 2, (byte) ((f & ~1) | ((qFlags >>> 8) & 1)));
            if ((f & 0x02) != 0) counters[Counter.TRUNCATED.ordinal()]++;
            MemorySegment.copy(query, DnsHeader.LEN, out, DnsHeader.LEN, qNameLen);
            countRcode(out, n);
            return n;
        }
        counters[Counter.MEMO_MISSES.ordinal()]++;
        n = build(query, maxLen, tcp);
        if (n <= 0) return drop(Counter.DROPPED_NO_ROOM);
        // hits patch the question: only answers that echo it, and hold no other copy of query-name bytes
        if (resp[5] == 1 && !memoBlocked) memo.put(key, k, hash, resp, n);

        MemorySegment.copy(resp, 0, out, ValueLayout.JAVA_BYTE, 0, n);
        countRcode(out, n);
        return n;
    }

    /** Builds the answer to the parsed query into {@link #resp}; returns its length. */
    private int build(MemorySegment query, int maxLen, boolean tcp) {
        int flags = DnsHeader.FLAG_QR | (qFlags & DnsHeader.FLAG_RD);
        int ede = -1;
        memoBlocked = false;
        int rcode;
        boolean question = true;
        long counts = 0;
        boolean truncated = false;
        int reserved = edns ? OPT_LEN : 0;
        writer.reset(resp, maxLen);
        writer.setPosition(DnsHeader.LEN);
        if (qClass != RrType.CLASS_IN && qClass != RrType.CLASS_ANY) {
            rcode = Resolver.RCODE_REFUSED;
            ede = EDE_NOT_SUPPORTED;
            question = qClass == RrType.CLASS_CH; // NSD answer_chaos keeps the question; others query_error
        } else if (qType == RrType.AXFR || qType == RrType.IXFR) {
            // zone transfer not implemented: as NSD without provide-xfr (AXFR over UDP: NOTIMP; else REFUSED, EDE 18)
            // and NOTAUTH for names that are not one of our zone apexes
            boolean udpAxfr = qType == RrType.AXFR && !tcp;
            var zone = zones.findZone(qname, 0, qNameLen);
            boolean apex = zone != null && zone.origin().length == qNameLen;
            if (udpAxfr) rcode = 4;
            else if (apex) { rcode = Resolver.RCODE_REFUSED; ede = EDE_PROHIBITED; }
            else rcode = 9;
        } else {
            resolver.resolve(qname, qNameLen, spelt(query), qType, qClass == RrType.CLASS_ANY);
            rcode = resolver.rcode;
            ede = resolver.ede;
            if (resolver.aa) flags |= DnsHeader.FLAG_AA;
            memoBlocked = resolver.dnameUsed;
            if (edns && ede >= 0 && config.extendedErrors()) reserved += EDE_LEN + edeText(ede);
            writer.setLimit(maxLen - reserved);
            copyQuestion(query);
            counts = resolver.encode(writer, tcp, tc);
            truncated = tc[0];
            if (resolver.isReferral()) counters[Counter.REFERRALS.ordinal()]++;
        }
        if (!question) writer.setPosition(DnsHeader.LEN);
        else if (writer.position() == DnsHeader.LEN) copyQuestion(query);
        if (truncated) { flags |= DnsHeader.FLAG_TC; counters[Counter.TRUNCATED.ordinal()]++; }
        flags |= rcode;
        int arCount = (int) (counts >>> 32);
        writer.setLimit(maxLen);
        if (edns) {
            boolean withEde = ede >= 0 && config.extendedErrors() && writer.position() + OPT_LEN + EDE_LEN + edeText(ede) <= maxLen;
            writeOpt(0, dnssecOk, withEde ? ede : -1);
            arCount++;
        }
        int n = writer.position();
        putU16(resp, 0, u16(query, 0));
        putU16(resp, 2, flags);
        putU16(resp, 4, question ? 1 : 0);
        putU16(resp, 6, (int) (counts & 0xFFFF));
        putU16(resp, 8, (int) ((counts >>> 16) & 0xFFFF));
        putU16(resp, 10, arCount);
        return n;
    }

    private byte[] spelt(MemorySegment query) {
        MemorySegment.copy(query, ValueLayout.JAVA_BYTE, DnsHeader.LEN, qnameSpelt, 0, qNameLen);
        return java.util.Arrays.copyOf(qnameSpelt, qNameLen);
    }

    private void copyQuestion(MemorySegment query) {
        writer.setPosition(DnsHeader.LEN);
        int qlen = qEnd - DnsHeader.LEN;
        MemorySegment.copy(query, ValueLayout.JAVA_BYTE, DnsHeader.LEN, resp, DnsHeader.LEN, qlen);
        writer.setPosition(qEnd);
        writer.register(DnsHeader.LEN);
    }

    private static int edeText(int ede) { return ede == Resolver.EDE_OTHER ? Resolver.EDE_DNAME_TOO_LONG.length : 0; }

    private void writeOpt(int extRcode, boolean dO, int ede) {
        writer.u8(0);
        writer.u16(RrType.OPT);
        writer.u16(config.udpPayloadMax());
        writer.u8(extRcode);
        writer.u8(0);
        writer.u16(dO ? 0x8000 : 0);
        if (ede >= 0) {
            byte[] text = ede == Resolver.EDE_OTHER ? Resolver.EDE_DNAME_TOO_LONG : NO_TEXT;
            writer.u16(EDE_LEN + text.length);
            writer.u16(15); // RFC 8914 EDE option code
            writer.u16(2 + text.length);
            writer.u16(ede);
            writer.bytes(text, 0, text.length);
        } else {
            writer.u16(0);
        }
    }

    /**
     * Parses an OPT RR at {@code p} (NSD edns_parse_record). Returns 1 if one was parsed (fields set),
     * 0 if the record there is not an OPT, -1 if it is an OPT but malformed.
     */
    private int parseOpt(MemorySegment q, int len, int p) {
        if (p + OPT_LEN > len) return p < len && q.get(ValueLayout.JAVA_BYTE, p) == 0 ? -1 : 0;
        if (q.get(ValueLayout.JAVA_BYTE, p) != 0 || u16(q, p + 1) != RrType.OPT) return 0;
        int size = u16(q, p + 3);
        int ttl = q.get(BE_U32, p + 5);
        int rdlen = u16(q, p + 9);
        int o = p + OPT_LEN, end = o + rdlen;
        if (end > len) return -1;
        int version = (ttl >>> 16) & 0xFF;
        // RFC 6891 §6.1.3: an unknown version is answered BADVERS before its options are looked at (as NSD does)
        while (version == 0 && o < end) {
            if (o + 4 > end) return -1;
            o += 4 + u16(q, o + 2);
            if (o > end) return -1;
        }
        edns = true;
        ednsSize = size;
        ednsVersion = version;
        dnssecOk = ednsVersion == 0 && (ttl & 0x8000) != 0;
        return 1;
    }

    private static int skipRr(MemorySegment q, int len, int p) {
        // name (possibly compressed), then 10 bytes + rdata
        int o = p;
        for (int hops = 0; hops < 128; hops++) {
            if (o >= len) return -1;
            int b = q.get(ValueLayout.JAVA_BYTE, o) & 0xFF;
            if (b == 0) { o++; break; }
            if ((b & 0xC0) == 0xC0) { o += 2; break; }
            if ((b & 0xC0) != 0) return -1;
            o += 1 + b;
        }
        if (o + 10 > len) return -1;
        int end = o + 10 + u16(q, o + 8);
        return end > len ? -1 : end;
    }

    /**
     * NOTIFY (RFC 1996) is not implemented; answer as NSD does for a server with no allow-notify:
     * REFUSED for one of our zone apexes, NXDOMAIN for other names, header only.
     */
    private int notify(MemorySegment query, MemorySegment out, int len) {
        int opcodeBits = qFlags & 0x7800;
        int formerrFlags = (qFlags & DnsHeader.FLAG_RD) | opcodeBits | DnsHeader.FLAG_QR | 1;
        long r = DnsNames.read(query, len, DnsHeader.LEN, qname, true);
        if (r < 0 || DnsNames.next(r) + 4 > len) return formErr(query, out, formerrFlags, FormErrReason.BAD_QUESTION);
        if ((qFlags & 0xF) != 0) return formErr(query, out, formerrFlags, FormErrReason.RCODE_SET);
        int n = DnsNames.length(r);
        var zone = zones.findZone(qname, 0, n);
        boolean apex = zone != null && zone.origin().length == n;
        int flags = ((qFlags | DnsHeader.FLAG_QR) & ~DnsHeader.FLAG_AD & ~0xF) | (apex ? 5 : 3);
        return headerOnly(query, out, flags, apex ? Counter.RCODE_REFUSED : Counter.RCODE_NXDOMAIN);
    }

    private int badVers(MemorySegment query, MemorySegment out) {
        // NSD: RFC 6891 §6.1.3 BADVERS = extended RCODE 1, header RCODE 0; question kept, no DO
        int flags = (qFlags | DnsHeader.FLAG_QR) & ~DnsHeader.FLAG_AD & ~0xF;
        int maxLen = (int) Math.min(out.byteSize(), TCP_MAX);
        if (qEnd + OPT_LEN > maxLen) return drop(Counter.DROPPED_NO_ROOM);
        writer.reset(resp, maxLen);
        copyQuestion(query);
        writeOpt(1, false, -1);
        putU16(resp, 0, u16(query, 0));
        putU16(resp, 2, flags);
        putU16(resp, 4, 1); putU16(resp, 6, 0); putU16(resp, 8, 0); putU16(resp, 10, 1);
        int n = writer.position();
        MemorySegment.copy(resp, 0, out, ValueLayout.JAVA_BYTE, 0, n);
        counters[Counter.RCODE_BADVERS.ordinal()]++;
        return n;
    }

    private int optOnly(MemorySegment query, MemorySegment out, int flags) {
        int maxLen = (int) Math.min(out.byteSize(), TCP_MAX);
        if (DnsHeader.LEN + OPT_LEN > maxLen) return drop(Counter.DROPPED_NO_ROOM);
        writer.reset(resp, maxLen);
        writer.setPosition(DnsHeader.LEN);
        writeOpt(0, dnssecOk, -1);
        putU16(resp, 0, u16(query, 0));
        putU16(resp, 2, flags);
        putU16(resp, 4, 0); putU16(resp, 6, 0); putU16(resp, 8, 0); putU16(resp, 10, 1);
        int n = writer.position();
        MemorySegment.copy(resp, 0, out, ValueLayout.JAVA_BYTE, 0, n);
        counters[Counter.RCODE_NOERROR.ordinal()]++;
        return n;
    }

    private int formErr(MemorySegment query, MemorySegment out, int flags, FormErrReason why) {
        formErrs[why.ordinal()]++;
        return headerOnly(query, out, flags, Counter.RCODE_FORMERR);
    }

    private int headerOnly(MemorySegment query, MemorySegment out, int flags, Counter c) {
        out.set(BE_U16, 0, query.get(BE_U16, 0));
        out.set(BE_U16, 2, (short) flags);
        out.set(BE_U16, 4, (short) 0); out.set(BE_U16, 6, (short) 0);
        out.set(BE_U16, 8, (short) 0); out.set(BE_U16, 10, (short) 0);
        counters[c.ordinal()]++;
        return DnsHeader.LEN;
    }

    private void countRcode(MemorySegment out, int n) {
        int rc = out.get(ValueLayout.JAVA_BYTE, 3) & 0xF;
        Counter c = switch (rc) {
            case 0 -> Counter.RCODE_NOERROR;
            case 1 -> Counter.RCODE_FORMERR;
            case 2 -> Counter.RCODE_SERVFAIL;
            case 3 -> Counter.RCODE_NXDOMAIN;
            case 4 -> Counter.RCODE_NOTIMP;
            case 9 -> Counter.RCODE_NOTAUTH;
            default -> Counter.RCODE_REFUSED;
        };
        counters[c.ordinal()]++;
    }

    private int drop(Counter c) {
        counters[c.ordinal()]++;
        return 0;
    }

    /** A snapshot of the counters: every {@link Counter} by name, then {@code FORMERR_<reason>} per {@link FormErrReason}. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) m.put(c.name(), c == Counter.MEMO_CLEARS ? memo.clears : counters[c.ordinal()]);
        for (FormErrReason f : FormErrReason.values()) m.put("FORMERR_" + f.name(), formErrs[f.ordinal()]);
        m.put("MEMO_ENTRIES", (long) memo.size());
        return m;
    }

    /** The count of one counter. */
    public long counter(Counter c) { return c == Counter.MEMO_CLEARS ? memo.clears : counters[c.ordinal()]; }

    public ServerConfig config() { return config; }

    private static int u16(MemorySegment s, int off) { return Short.toUnsignedInt(s.get(BE_U16, off)); }
    private static void putU16(byte[] b, int at, int v) { b[at] = (byte) (v >>> 8); b[at + 1] = (byte) v; }
}
