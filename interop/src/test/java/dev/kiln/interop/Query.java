package dev.kiln.interop;

import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One query as exact wire bytes, with a label for messages. Built with dnsjava (the qname's case
 * is kept as written) or given raw for malformed queries. {@code dig} holds the equivalent dig
 * arguments when there is one (null for hand-crafted packets dig cannot send).
 */
record Query(String label, byte[] wire, String[] dig) {
    private static final AtomicInteger IDS = new AtomicInteger(0x4b00);

    /** A plain query like dig's default: RD=1, no EDNS. */
    static Query of(String name, int type) {
        return builder(name, type).build();
    }

    static Builder builder(String name, int type) {
        return new Builder(name, type);
    }

    /** Raw bytes (for FORMERR and friends); the ID is taken as is. */
    static Query raw(String label, byte[] wire) {
        return new Query(label, wire.clone(), null);
    }

    /** The query's ID, or -1 for a packet too short to have one. */
    int id() {
        return wire.length < 2 ? -1 : ((wire[0] & 0xff) << 8) | (wire[1] & 0xff);
    }

    /** The same query with a fresh ID (each exchange gets its own ID; the bytes are otherwise identical). */
    Query withId(int id) {
        if (wire.length < 2) return this;
        byte[] w = wire.clone();
        w[0] = (byte) (id >> 8);
        w[1] = (byte) id;
        return new Query(label, w, dig);
    }

    /**
     * The same query with a new ID and the letters of its qname in a different mix of cases
     * (the "0x20" trick resolvers use): a server that caches answers must still echo this
     * query's ID and spelling. Queries without one well-formed question only get the new ID.
     */
    Query again(long seed) {
        byte[] w = withId(nextId()).wire();
        byte[] question = ResponseComparator.questionBytes(w);
        if (question != null) {
            java.util.Random rnd = new java.util.Random(seed);
            int end = 12 + question.length - 4;
            int p = 12;
            while (p < end) {
                int len = w[p] & 0xff;
                for (int i = p + 1; i <= p + len; i++) {
                    int c = w[i];
                    if (Character.isLetter(c) && c < 128 && rnd.nextBoolean()) w[i] = (byte) (c ^ 0x20);
                }
                p += 1 + len;
            }
        }
        return new Query(label + " (again, new ID and qname case)", w, null);
    }

    static int nextId() {
        return IDS.getAndIncrement() & 0xffff;
    }

    @Override
    public String toString() {
        return label;
    }

    static final class Builder {
        private final String name;
        private final int type;
        private int dclass = DClass.IN;
        private boolean rd = true;
        private boolean cd;
        private int opcode;
        private int ednsPayload = -1;
        private boolean dnssecOk;
        private String label;

        private Builder(String name, int type) {
            this.name = name;
            this.type = type;
        }

        Builder label(String l) { this.label = l; return this; }
        Builder norec() { this.rd = false; return this; }
        Builder cd() { this.cd = true; return this; }
        Builder dclass(int c) { this.dclass = c; return this; }
        Builder opcode(int o) { this.opcode = o; return this; }
        /** Adds an OPT RR (EDNS version 0) advertising this UDP payload size. */
        Builder edns(int payload) { this.ednsPayload = payload; return this; }
        /** EDNS with the DO bit (implies EDNS, 1232 unless set). */
        Builder dnssecOk() { this.dnssecOk = true; if (ednsPayload < 0) ednsPayload = 1232; return this; }

        Query build() {
            Name qname;
            try {
                qname = Name.fromString(name.endsWith(".") ? name : name + ".");
            } catch (TextParseException e) {
                throw new IllegalArgumentException("bad query name " + name, e);
            }
            Message m = new Message(nextId());
            m.getHeader().setOpcode(opcode);
            if (rd) m.getHeader().setFlag(Flags.RD);
            if (cd) m.getHeader().setFlag(Flags.CD);
            m.addRecord(Record.newRecord(qname, type, dclass), Section.QUESTION);
            if (ednsPayload >= 0) {
                m.addRecord(new OPTRecord(ednsPayload, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
            }
            java.util.List<String> d = new java.util.ArrayList<>();
            d.add(name);
            d.add(Type.string(type));
            if (dclass != DClass.IN) d.add("-c" + DClass.string(dclass));
            if (!rd) d.add("+norec");
            if (cd) d.add("+cdflag");
            if (opcode != 0) d.add("+opcode=" + opcode);
            if (ednsPayload >= 0) d.add("+bufsize=" + ednsPayload); else d.add("+noedns");
            if (dnssecOk) d.add("+dnssec");
            String l = label != null ? label : String.join(" ", d);
            return new Query(l, m.toWire(), d.toArray(String[]::new));
        }
    }
}
