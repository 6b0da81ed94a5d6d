package dev.kiln.configure;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Arbitrary bytes as a descriptor, alone or after a valid head: the parser either returns a
 * descriptor whose main can be generated for both targets, or throws {@link ConfigureException}
 * with at least one problem; nothing else escapes. Saved inputs replay in every build from
 * src/test/resources/dev/kiln/configure/DescriptorFuzzTestInputs/. {@code JAZZER_FUZZ=1} fuzzes.
 */
class DescriptorFuzzTest {
    private static final byte[] HEAD = "name=fuzz\napplication=a.B\nnet.net0.address=192.0.2.2/24\n".getBytes(StandardCharsets.US_ASCII);
    private static final Path FILE = Path.of("/nonexistent/appliance.properties");

    @FuzzTest(maxDuration = "10s")
    void arbitraryDescriptor(FuzzedDataProvider data) {
        boolean withHead = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        byte[] text = body;
        if (withHead) {
            text = new byte[HEAD.length + body.length];
            System.arraycopy(HEAD, 0, text, 0, HEAD.length);
            System.arraycopy(body, 0, text, HEAD.length, body.length);
        }
        try {
            Descriptor d = Descriptor.parse(FILE, text);
            // whatever validates must generate: the generator refuses what is not printable ASCII
            assertFalse(MainGenerator.generate(d, "tap").isEmpty());
            assertFalse(MainGenerator.generate(d, "host").isEmpty());
        } catch (ConfigureException e) {
            assertFalse(e.problems().isEmpty(), "a refused descriptor names at least one problem");
        }
    }
}
