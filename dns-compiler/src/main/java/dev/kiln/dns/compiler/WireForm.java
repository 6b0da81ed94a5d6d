package dev.kiln.dns.compiler;

import dev.kiln.dns.zone.Rr;
import java.util.Arrays;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * dnsjava record → {@link Rr}: owner and RDATA in uncompressed wire form, names spelt as in the
 * zone file. {@link Record#rdataToWireCanonical()} is not used: it lowercases names inside RDATA
 * (RFC 4034 §6.2). {@link Record#toWire(int)} uses no compression and keeps case; we cut the
 * RDATA out of it (owner, then TYPE, CLASS, TTL, RDLENGTH = 10 bytes, then RDATA).
 */
final class WireForm {

    private WireForm() {}

    static byte[] name(Name n) {
        return n.toWire();
    }

    static byte[] rdata(Record r) {
        byte[] whole = r.toWire(Section.ANSWER);
        int start = r.getName().length() + 10;
        return Arrays.copyOfRange(whole, start, whole.length);
    }

    static Rr rr(ParsedRecord p) {
        Record r = p.record();
        return new Rr(name(r.getName()), r.getType(), r.getDClass(), p.ttl(), p.rdata());
    }
}
