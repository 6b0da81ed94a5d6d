package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class HttpDatePropertiesTest {
    @Property
    void formatThenParseIsTheIdentity(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long t) {
        String s = HttpDate.format(t);
        assertEquals(29, s.length());
        assertEquals(t, HttpDate.parse(s));
        assertEquals(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.Instant.ofEpochSecond(t).atOffset(java.time.ZoneOffset.UTC))
                .replaceFirst(", (\\d) ", ", 0$1 ").replace("+0000", "GMT").replace(" Z", " GMT"), s, "agrees with java.time");
    }

    @Example
    void rfcExampleAndRejects() {
        assertEquals(784111777L, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(-1, HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT"));   // rfc850: ignored
        assertEquals(-1, HttpDate.parse("Sun Nov  6 08:49:37 1994"));         // asctime: ignored
        assertEquals(-1, HttpDate.parse("Sun, 06 Foo 1994 08:49:37 GMT"));
        assertEquals(-1, HttpDate.parse(null));
    }

    @Example
    void accessEntriesEscapeTheTarget() {
        AccessEntry e = new AccessEntry("10.0.0.1", 784111777L, "GET", "/a\"b\u0001", "HTTP/1.1", 200, 0, null);
        assertEquals("10.0.0.1 - - [06/Nov/1994:08:49:37 +0000] \"GET /a\\x22b\\x01 HTTP/1.1\" 200 -", e.commonLogFormat());
    }
}
