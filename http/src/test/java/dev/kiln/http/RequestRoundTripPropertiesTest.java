package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Any well-formed head we write parses back to the same method, path, query and fields; one flipped byte never throws. */
class RequestRoundTripPropertiesTest {
    @Provide
    Arbitrary<String> tokens() { return Arbitraries.strings().withChars("abcXYZ09!#$%&'*+-.^_`|~").ofMinLength(1).ofMaxLength(12); }

    @Provide
    Arbitrary<String> values() { return Arbitraries.strings().withCharRange('!', '~').withChars(' ', '\t', 'é').ofMaxLength(30).map(String::strip); }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> fields() {
        return net.jqwik.api.Combinators.combine(tokens(), values()).as(Tuple::of)
                .filter(t -> !List.of("host", "content-length", "transfer-encoding").contains(t.get1().toLowerCase()))
                .list().ofMaxSize(10);
    }

    @Property(tries = 300)
    void writtenHeadsParseBack(@ForAll("tokens") String method, @ForAll("tokens") String segment,
                               @ForAll("fields") List<Tuple.Tuple2<String, String>> fields, @ForAll boolean query) {
        if (method.equals("CONNECT")) return;
        String path = "/" + segment.replace("%", "%25").replace("#", "%23");
        StringBuilder s = new StringBuilder(method + " " + path + (query ? "?q=1" : "") + " HTTP/1.1\r\nHost: h\r\n");
        for (var f : fields) s.append(f.get1()).append(":\t ").append(f.get2()).append(" \r\n");
        byte[] b = s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        ParseResult r = new RequestParser(HttpLimits.DEFAULTS).parse(b, 0, b.length);
        assertTrue(r.complete(), r.reason());
        assertEquals(b.length, r.headBytes());
        assertEquals(method, r.head().method());
        assertEquals("/" + segment, r.head().path());
        assertEquals(query ? "q=1" : null, r.head().query());
        assertEquals(fields.size() + 1, r.head().fields().size());
        for (int i = 0; i < fields.size(); i++) {
            assertEquals(fields.get(i).get1().toLowerCase(), r.head().fields().name(i + 1));
            assertEquals(fields.get(i).get2(), r.head().fields().value(i + 1));
        }
    }

    /**
     * One parser over a stream of heads (the memo of the last head, {@link HeadStrings}'s reused lines) answers
     * each exactly as a fresh parser does: heads drawn from a few, so they repeat, differ in a line, or are broken.
     */
    @Property(tries = 200)
    void aParserThatRemembersAnswersAsAFreshOne(@ForAll("fields") List<Tuple.Tuple2<String, String>> fields,
                                               @ForAll("tokens") String segment, @ForAll List<@net.jqwik.api.constraints.IntRange(max = 40) Integer> picks) {
        RequestParser shared = new RequestParser(HttpLimits.DEFAULTS);
        for (int pick : picks) {
            StringBuilder s = new StringBuilder((pick % 3 == 0 ? "HEAD" : "GET") + " /" + (pick % 2 == 0 ? "a" : segment) + " HTTP/1.1\r\nHost: h\r\n");
            for (int i = 0; i < fields.size(); i++) if (i != pick % 5) s.append(fields.get(i).get1()).append(": ").append(fields.get(i).get2()).append("\r\n");
            byte[] b = s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            if (pick > 30) b[pick % b.length] = (byte) pick; // broken now and then
            shared.reset();
            assertEquals(describe(new RequestParser(HttpLimits.DEFAULTS).parse(b, 0, b.length)), describe(shared.parse(b, 0, b.length)));
        }
    }

    static String describe(ParseResult r) {
        if (!r.complete()) return r.status() + " " + r.reason();
        RequestHead h = r.head();
        StringBuilder s = new StringBuilder(r.headBytes() + " " + h.method() + " " + h.target() + " " + h.path() + " " + h.query() + " "
                + h.minorVersion() + " " + h.bodyLength());
        for (int i = 0; i < h.fields().size(); i++) s.append(" [").append(h.fields().name(i)).append('=').append(h.fields().value(i)).append(']');
        return s.toString();
    }

    @Property(tries = 300)
    void aFlippedByteIsParsedOrRefusedNeverThrown(@ForAll("tokens") String method, @ForAll("fields") List<Tuple.Tuple2<String, String>> fields,
                                                  @ForAll int where, @ForAll byte to) {
        StringBuilder s = new StringBuilder(method + " / HTTP/1.1\r\nHost: h\r\n");
        for (var f : fields) s.append(f.get1()).append(": ").append(f.get2()).append("\r\n");
        byte[] b = s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        b[Math.floorMod(where, b.length)] = to;
        ParseResult r = new RequestParser(HttpLimits.DEFAULTS).parse(b, 0, b.length);
        assertTrue(r.complete() || r.needMore() || r.status() >= 400);
    }
}
