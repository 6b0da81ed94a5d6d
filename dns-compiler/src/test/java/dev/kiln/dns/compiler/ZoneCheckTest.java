package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ZoneCheck command: output and exit status. */
class ZoneCheckTest {

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ZoneCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void goodZonesPrintCountsAndExitZero() {
        Run r = run(Examples.zone("example.com.zone").toString(), "--origin", "example.net.", Examples.zone("example.net.zone").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("zone example.com. ok, 47 records (A 17, AAAA 8, CAA 2, CNAME 4, MX 2, NS 5, PTR 1, SOA 1, SRV 1, TXT 5, TYPE65280 1)"), r.out());
        assertTrue(r.out().contains("zone example.net. ok, 6 records"), r.out());
        assertTrue(r.out().contains("2 zones, 53 records, 0 warnings"), r.out());
    }

    @Test
    void badZonePrintsDiagnosticsAndExitsOne() {
        Run r = run("--origin", "example.com", BadZonesTest.bad("cname-and-other.zone").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cname-and-other.zone:7: CNAME at www.example.com. cannot coexist with other data (A); remove the A record or the CNAME"), r.err());
        assertTrue(r.err().contains("1 error; no zone compiled"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run().status());
        assertEquals(2, run("--bogus", "x.zone").status());
        assertEquals(2, run("x.zone", "--origin").status());
        assertEquals(0, run("--help").status());
    }
}
