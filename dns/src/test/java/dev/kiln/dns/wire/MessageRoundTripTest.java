package dev.kiln.dns.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** repr → encode → decode gives back the repr, for messages drawn from a small name space (to exercise compression). */
class MessageRoundTripTest {
    static final String[] LABELS = {"a", "b", "www", "example", "com", "Mail", "x-y", "*"};

    @Provide
    Arbitrary<byte[]> names() {
        return Arbitraries.of(LABELS).list().ofMinSize(0).ofMaxSize(5).map(ls -> {
            if (ls.isEmpty()) return new byte[] {0};
            return DnsNames.fromText(String.join(".", ls) + ".");
        });
    }

    Arbitrary<ResourceRecord> records() {
        Arbitrary<Integer> types = Arbitraries.of(1, 2, 5, 6, 12, 14, 15, 16, 28, 33, 257, 65280);
        return Combinators.combine(names(), types, Arbitraries.longs().between(0, 0xFFFFFFFFL), names(), names(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as((n, t, ttl, n1, n2, raw) -> {
            byte[] rdata = switch (t) {
                case 2, 5, 12 -> n1;
                case 14 -> concat(n1, n2);
                case 6 -> concat(concat(n1, n2), new byte[20]);
                case 15 -> concat(new byte[] {0, 10}, n1);
                case 33 -> concat(new byte[] {0, 1, 0, 2, 0, 3}, n1);
                default -> raw;
            };
            return new ResourceRecord(n, t, 1, ttl, rdata);
        });
    }

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<Question> q = Combinators.combine(names(), Arbitraries.integers().between(0, 65535), Arbitraries.of(1, 3, 255))
                .as(Question::new);
        Arbitrary<Edns> edns = Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255), Arbitraries.of(true, false), Arbitraries.integers().between(0, 0x7FFF),
                Arbitraries.of(new byte[0], new byte[] {0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8}, new byte[] {0, 15, 0, 2, 0, 20}))
                .as(Edns::new);
        return Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 65535),
                q.list().ofMaxSize(2), records().list().ofMaxSize(4), records().list().ofMaxSize(3), records().list().ofMaxSize(3),
                edns.injectNull(0.3))
                .as((id, flags, qs, an, ns, ar, e) -> new Message(new Header(id, flags), qs, an, ns, ar, e));
    }

    @Property(tries = 500)
    void encodeThenDecodeGivesTheSameMessage(@ForAll("messages") Message m) {
        byte[] wire = m.encode();
        MessageCodec.Decoded d = MessageCodec.decode(wire);
        assertEquals(DnsError.OK, d.error());
        assertEquals(m, d.message());
        assertEquals(wire.length, d.message().encode().length);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static List<String> unused() { return new ArrayList<>(); }
}
