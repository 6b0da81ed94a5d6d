package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    static ParseResult parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return new RequestParser(HttpLimits.DEFAULTS).parse(b, 0, b.length);
    }

    @Test
    void parsesAHeadAndStopsAtItsEnd() {
        String head = "GET /a%20b/c?x=1&y HTTP/1.1\r\nHost: example.com\r\nAccept:  text/html , */*  \r\n\r\n";
        ParseResult r = parse(head + "NEXT");
        assertTrue(r.complete());
        assertEquals(head.length(), r.headBytes());
        RequestHead h = r.head();
        assertEquals("GET", h.method());
        assertEquals("/a b/c", h.path());
        assertEquals("x=1&y", h.query());
        assertEquals(1, h.minorVersion());
        assertEquals("text/html , */*", h.fields().get("ACCEPT"));
        assertEquals(0, h.bodyLength());
        assertTrue(h.keepAlive());
    }

    @Test
    void bareLfAndLeadingEmptyLinesAreAccepted() {
        ParseResult r = parse("\r\n\nGET / HTTP/1.0\nHost: a\n\n");
        assertTrue(r.complete(), r.reason());
        assertEquals(0, r.head().minorVersion());
    }

    /** A keep-alive client's repeated head is answered from the parser's memo: the same result, not parsed again. */
    @Test
    void theSameHeadAgainGivesTheSameResultAndAnotherHeadItsOwn() {
        RequestParser p = new RequestParser(HttpLimits.DEFAULTS);
        byte[] a = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = "GET /b HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] bad = "GET /a HTTP/1.1\r\nHost: h\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ParseResult first = p.parse(a, 0, a.length);
        p.reset();
        byte[] again = new byte[a.length + 5]; // elsewhere in another buffer
        System.arraycopy(a, 0, again, 5, a.length);
        assertSame(first, p.parse(again, 5, a.length), "the same bytes: the remembered result");
        p.reset();
        ParseResult other = p.parse(b, 0, b.length);
        assertEquals("/b", other.head().path(), "one byte differs: parsed");
        p.reset();
        assertEquals(400, p.parse(bad, 0, bad.length).status(), "an error is not remembered");
        p.reset();
        assertEquals(400, p.parse(bad, 0, bad.length).status());
        p.reset();
        assertSame(other, p.parse(b, 0, b.length), "the last complete head is still remembered");
        p.reset();
        byte[] longHead = ("GET /l HTTP/1.1\r\nHost: h\r\nX: " + "x".repeat(RequestParser.MEMO_BYTES_MAX) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ParseResult l1 = p.parse(longHead, 0, longHead.length);
        p.reset();
        assertNotSame(l1, p.parse(longHead, 0, longHead.length), "a head above the memo's size is parsed each time");
    }

    /** A head that differs only in its target takes the last head's strings and fields; a changed field is its own. */
    @Test
    void aHeadThatChangesReusesTheLinesThatRepeat() {
        RequestParser p = new RequestParser(HttpLimits.DEFAULTS);
        RequestHead a = p.parse(bytes("GET /a HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n"), 0, 41).head();
        p.reset();
        RequestHead b = p.parse(bytes("GET /bb HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n"), 0, 42).head();
        assertEquals("/bb", b.path());
        assertSame(a.method(), b.method());
        assertSame(a.fields(), b.fields(), "every field repeats: the same fields");
        p.reset();
        RequestHead c = p.parse(bytes("GET /bb HTTP/1.1\r\nHOST: h\r\nAccept: text/html\r\n\r\n"), 0, 48).head();
        assertEquals("text/html", c.fields().get("accept"));
        assertEquals("h", c.fields().get("host"));
        assertSame(b.fields().name(0), c.fields().name(0), "HOST lowercased is the same name");
        assertNotSame(b.fields(), c.fields());
        p.reset();
        RequestHead d = p.parse(bytes("GET /bb HTTP/1.1\r\nHost: h\r\n\r\n"), 0, 29).head();
        assertEquals(1, d.fields().size(), "a field fewer: not the last head's fields");
    }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    @Test
    void absoluteFormGivesThePath() {
        assertEquals("/x", parse("GET http://h:8080/x HTTP/1.1\r\nHost: h\r\n\r\n").head().path());
        assertEquals("/", parse("GET https://h HTTP/1.1\r\nHost: h\r\n\r\n").head().path());
        assertEquals("*", parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").head().path());
    }

    @Test
    void incompleteHeadsNeedMoreAtEveryPrefix() {
        String head = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n";
        RequestParser p = new RequestParser(HttpLimits.DEFAULTS);
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        for (int n = 0; n < b.length; n++) assertTrue(p.parse(b, 0, n).needMore(), "prefix " + n);
        ParseResult r = p.parse(b, 0, b.length);
        assertEquals(3, r.head().bodyLength());
    }

    @ParameterizedTest(name = "{0} for {2}")
    @CsvSource(delimiter = '|', value = {
        "400|GET  / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|double space",
        "400|GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n|space before colon",
        "400|GET / HTTP/1.1\\r\\nHost: h\\r\\n folded\\r\\n\\r\\n|obs-fold",
        "400|GET / HTTP/1.1\\r\\nX: a\\rb\\r\\nHost: h\\r\\n\\r\\n|bare CR",
        "400|GET / HTTP/1.1\\r\\nX: a\\u0000b\\r\\nHost: h\\r\\n\\r\\n|NUL in value",
        "400|GET / HTTP/1.1\\r\\n\\r\\n|no Host",
        "400|GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n|two Hosts",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|CL and TE",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nContent-Length: 3\\r\\n\\r\\n|two CL",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3, 3\\r\\n\\r\\n|CL list",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: +3\\r\\n\\r\\n|CL sign",
        "400|POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n|TE not ending chunked",
        "400|POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|TE in 1.0",
        "501|POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n|unknown coding",
        "413|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1048577\\r\\n\\r\\n|body over limit",
        "505|GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n|HTTP/2.0",
        "400|GET / HTTP/1.10\\r\\nHost: h\\r\\n\\r\\n|bad version",
        "400|GET / http/1.1\\r\\nHost: h\\r\\n\\r\\n|lowercase version",
        "400|GET /%zz HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|bad escape",
        "400|GET /%00 HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|encoded NUL",
        "400|GET /a#b HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|fragment",
        "400|GET ftp://h/ HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|other scheme",
        "400|GET * HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|asterisk for GET",
        "501|CONNECT h:443 HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|CONNECT",
        "400|G(T / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|method not a token",
    })
    void refusesWithTheRightStatus(int status, String text, String why) {
        ParseResult r = parse(text.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\0"));
        assertEquals(status, r.status(), why + ": " + r.reason());
    }

    @Test
    void limitsRefuseEarlyWithoutTheEndOfTheHead() {
        assertEquals(414, parse("GET /" + "a".repeat(8200)).status());
        String many = "GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(101);
        assertEquals(431, parse(many).status());
        String big = "GET / HTTP/1.1\r\n" + ("X: " + "v".repeat(1000) + "\r\n").repeat(17);
        assertEquals(431, parse(big).status());
        assertEquals(400, parse("\r\n".repeat(40) + "GET / HTTP/1.1\r\n").status());
    }

    @Test
    void chunkedIsTheBodyWhenLast() {
        assertEquals(RequestHead.CHUNKED, parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n").head().bodyLength());
    }
}
