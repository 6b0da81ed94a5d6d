package dev.kiln.dns;

import dev.kiln.dns.wire.DnsNames;
import java.io.ByteArrayOutputStream;

/** Builds raw query bytes for tests. */
public final class Queries {
    private Queries() {}
    public static final int NO_EDNS = -1;

    public static byte[] query(int id, String name, int type, int qclass, boolean rd, int ednsSize, boolean dnssecOk) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        u16(o, id); u16(o, rd ? 0x0100 : 0); u16(o, 1); u16(o, 0); u16(o, 0); u16(o, ednsSize == NO_EDNS ? 0 : 1);
        o.writeBytes(DnsNames.fromText(name));
        u16(o, type); u16(o, qclass);
        if (ednsSize != NO_EDNS) {
            o.write(0); u16(o, 41); u16(o, ednsSize); o.write(0); o.write(0); u16(o, dnssecOk ? 0x8000 : 0); u16(o, 0);
        }
        return o.toByteArray();
    }

    public static byte[] query(String name, int type) { return query(0x1234, name, type, 1, false, 1232, false); }

    static void u16(ByteArrayOutputStream o, int v) { o.write(v >>> 8); o.write(v); }
}
