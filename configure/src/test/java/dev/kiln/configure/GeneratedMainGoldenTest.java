package dev.kiln.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated mains of examples/dns and examples/www, per target, are exactly the golden files under
 * src/test/resources/dev/kiln/configure/golden/. After an intended change to the generator or the
 * descriptor, regenerate them and review the diff:
 * {@code mvn -pl configure -am test -Dtest=GeneratedMainGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.golden.update=true}.
 */
class GeneratedMainGoldenTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "dev", "kiln", "configure", "golden");

    @ParameterizedTest
    @ValueSource(strings = {"tap", "host"})
    void dnsExampleMatchesGolden(String target) throws IOException {
        check(Examples.DNS, "DnsMain", target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tap", "host"})
    void wwwExampleMatchesGolden(String target) throws IOException {
        check(Examples.WWW, "WwwMain", target);
    }

    private static void check(Path example, String cls, String target) throws IOException {
        String generated = MainGenerator.generate(Descriptor.read(example), target);
        Path golden = GOLDEN.resolve(cls + "-" + target + ".java.txt");
        if (Boolean.getBoolean("kiln.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, generated, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), generated,
                "generated main for " + target + " differs from " + golden + " (regenerate with -Dkiln.golden.update=true, see the class comment)");
    }
}
