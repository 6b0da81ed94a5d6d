package dev.kiln.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Descriptor text in a directory, for the descriptor tests: a minimal good one, parsed, or its one problem. */
final class DescriptorText {
    /** The smallest valid descriptor (three lines: additions start at line 4). */
    static final String GOOD = """
            name=echo
            application=com.example.Echo
            net.net0.address=192.0.2.2/24
            """;

    private DescriptorText() {}

    static Descriptor parse(Path dir, String text) {
        return Descriptor.parse(dir.resolve(Descriptor.FILE), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The one problem {@code text} has (fails if it has none or more). */
    static Problem only(Path dir, String text) {
        ConfigureException e = assertThrows(ConfigureException.class, () -> parse(dir, text));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }
}
