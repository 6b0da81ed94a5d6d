package dev.kiln.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated main of examples/dns, per target, is exactly the golden file under
 * src/test/resources/dev/kiln/configure/golden/. After an intended change to the generator or the
 * descriptor, regenerate them and review the diff:
 * {@code mvn -pl configure -am test -Dtest=GeneratedMainGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.golden.update=true}.
 */
class GeneratedMainGoldenTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "dev", "kiln", "configure", "golden");

    @ParameterizedTest
    @ValueSource(strings = {"tap", "host"})
    void dnsExampleMatchesGolden(String target) throws IOException {
        String generated = MainGenerator.generate(Descriptor.read(Examples.DNS), target);
        Path golden = GOLDEN.resolve("DnsMain-" + target + ".java.txt");
        if (Boolean.getBoolean("kiln.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, generated, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), generated,
                "generated main for " + target + " differs from " + golden + " (regenerate with -Dkiln.golden.update=true, see the class comment)");
    }
}
