package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.dns.zone.Rr;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Records written in presentation form come out as the wire bytes they stand for. */
class RoundTripPropertiesTest {

    @Property(tries = 200)
    void addressRecordsCarryTheirBytes(@ForAll("ipv4s") List<byte[]> addrs) throws Exception {
        StringBuilder zone = new StringBuilder(MemFiles.HEADER);
        for (int i = 0; i < addrs.size(); i++) {
            byte[] a = addrs.get(i);
            zone.append("h").append(i).append(" A ")
                    .append(a[0] & 0xFF).append('.').append(a[1] & 0xFF).append('.').append(a[2] & 0xFF).append('.').append(a[3] & 0xFF)
                    .append('\n');
        }
        List<Rr> rrs = new MemFiles().put("example.com.zone", zone.toString()).compile("example.com.zone", null).zones().get(0).records();
        for (int i = 0; i < addrs.size(); i++) {
            byte[] owner = Name.fromString("h" + i + ".example.com.").toWire();
            Rr rr = rrs.stream().filter(r -> java.util.Arrays.equals(r.owner(), owner)).findFirst().orElseThrow();
            assertEquals(Type.A, rr.type());
            assertArrayEquals(addrs.get(i), rr.rdata());
        }
    }

    @Property(tries = 200)
    void txtStringsSurviveQuotingAndEscapes(@ForAll("txts") List<String> strings) throws Exception {
        StringBuilder line = new StringBuilder("t TXT");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (String s : strings) {
            line.append(" \"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    line.append('\\');
                }
                line.append(c);
            }
            line.append('"');
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            expected.write(b.length);
            expected.write(b);
        }
        List<Rr> rrs = new MemFiles().put("example.com.zone", MemFiles.HEADER + line + "\n").compile("example.com.zone", null)
                .zones().get(0).records();
        Rr txt = rrs.stream().filter(r -> r.type() == Type.TXT).findFirst().orElseThrow();
        assertArrayEquals(expected.toByteArray(), txt.rdata());
    }

    @Property(tries = 200)
    void genericRdataIsKeptVerbatim(@ForAll @Size(max = 300) byte[] rdata, @ForAll("privateType") int type) throws Exception {
        String hex = java.util.HexFormat.of().formatHex(rdata);
        String line = "u TYPE" + type + " \\# " + rdata.length + (rdata.length == 0 ? "" : " ( " + hex.replaceAll("(.{64})", "$1\n ") + " )");
        List<Rr> rrs = new MemFiles().put("example.com.zone", MemFiles.HEADER + line + "\n").compile("example.com.zone", null)
                .zones().get(0).records();
        Rr u = rrs.stream().filter(r -> r.type() == type).findFirst().orElseThrow();
        assertArrayEquals(rdata, u.rdata());
    }

    @Provide
    Arbitrary<List<byte[]>> ipv4s() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<String>> txts() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(255).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Integer> privateType() {
        return Arbitraries.integers().between(65280, 65534);
    }
}
