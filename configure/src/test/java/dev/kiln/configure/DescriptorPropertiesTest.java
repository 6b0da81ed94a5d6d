package dev.kiln.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Properties of the descriptor parser: it fails only with problems, and good addresses come back as written. */
class DescriptorPropertiesTest {
    private static final Path FILE = Path.of("/nonexistent/appliance.properties");

    @Property(tries = 300)
    void anyTextEitherParsesOrNamesProblems(@ForAll @StringLength(max = 400) String text) {
        try {
            Descriptor.parse(FILE, text.getBytes(StandardCharsets.UTF_8));
        } catch (ConfigureException e) {
            assertFalse(e.problems().isEmpty());
            e.problems().forEach(p -> assertFalse(p.render().isEmpty()));
        }
    }

    @Property(tries = 300)
    void hostAddressesInsideTheirNetworkAreAccepted(@ForAll @IntRange(min = 1, max = 30) int prefix,
                                                    @ForAll @IntRange(min = 0, max = 255) int a,
                                                    @ForAll @IntRange(min = 0, max = 255) int b,
                                                    @ForAll @IntRange(min = 0, max = 255) int c,
                                                    @ForAll @IntRange(min = 0, max = 255) int d) {
        int addr = a << 24 | b << 16 | c << 8 | d;
        int host = addr & ~(-1 << (32 - prefix));
        if (host == 0 || host == ~(-1 << (32 - prefix))) return; // the network and broadcast addresses: refused, see DescriptorTest
        String cidr = a + "." + b + "." + c + "." + d + "/" + prefix;
        Descriptor desc = Descriptor.parse(FILE, ("name=x\napplication=a.B\nnet.net0.address=" + cidr + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(cidr, desc.nets().get(0).address());
        assertEquals(prefix, desc.nets().get(0).prefixLen());
    }
}
