package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Inputs built to hurt a parser finish quickly with errors, and nothing but ZoneCompileException escapes. */
class PathologicalInputTest {

    static Stream<String> inputs() {
        return Stream.of(
                "(".repeat(200_000),
                ")".repeat(200_000),
                "\"".repeat(200_001),
                "\\".repeat(200_001),
                ";".repeat(200_000),
                "a".repeat(300_000) + " A 192.0.2.1\n",
                ("a".repeat(63) + ".").repeat(10) + " A 192.0.2.1\n",
                "www A ( " + "192.0.2.1 ".repeat(50_000) + ")\n",
                "t TXT " + "\"x\" ".repeat(100_000) + "\n",
                "u TYPE65280 \\# 65535 " + "00".repeat(70_000) + "\n",
                "u TYPE65280 \\# 99999999999 00\n",
                "$INCLUDE " + "../".repeat(10_000) + "x\n",
                "$ORIGIN " + "a.".repeat(200) + "\n",
                "$TTL 99999999999999999999999\n",
                "www 1w2d3h4m5s99999999999s A 192.0.2.1\n",
                "\t\t\t\n".repeat(100_000) + " A 1.2.3.4\n",
                "@ SOA ( ( ( ( ( ns hm 1 2 3 4 5 ) ) ) ) )\n",
                "x LOC 91 0 0 N 0 0 0 E 0m\n",
                "x APL 1:999.0.0.0/99\n",
                "x SVCB 1 . alpn=" + ",".repeat(10_000) + "\n",
                "x HTTPS 1 . mandatory=alpn,alpn,alpn alpn=h2\n",
                "x NSEC3 1 1 12 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG\n",
                "x TYPE0 \\# 0\n",
                "x CLASS65535 A 192.0.2.1\n",
                "$GENERATE 1-2 h${0,2000000000,d} A 192.0.2.1\n",
                "$GENERATE 1-2 h${0,255,d} A 192.0.2.1\n",
                "$GENERATE 1-2 h${-99999999999,3,x} A 192.0.2.1\n",
                "$GENERATE 1-2 h${0,3,q} A 192.0.2.$\n",
                "$GENERATE 0-4294967295/4294967295 h$ A 192.0.2.1\n",
                "$GENERATE 4294967295-4294967296 h$ A 192.0.2.1\n",
                "$GENERATE 1-99 h$ A 192.0.2.$\n");
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void hostileInputFailsCleanlyAndQuickly(String body) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            MemFiles f = new MemFiles().put("example.com.zone", MemFiles.HEADER + body);
            try {
                f.compile("example.com.zone", null);
            } catch (ZoneCompileException e) {
                assertFalse(e.errors().isEmpty());
            }
        });
    }
}
