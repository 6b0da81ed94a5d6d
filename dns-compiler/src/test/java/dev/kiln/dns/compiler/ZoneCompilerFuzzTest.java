package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.dns.zone.ZoneImageWriter;
import dev.kiln.dns.zone.ZoneSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Arbitrary bytes as a zone file: the compiler either compiles them or throws
 * {@link ZoneCompileException} with at least one error; nothing else escapes (dnsjava's odd
 * runtime exceptions are converted), and it does not hang. Saved inputs replay in every build
 * from src/test/resources/dev/kiln/dns/compiler/ZoneCompilerFuzzTestInputs/.
 * {@code JAZZER_FUZZ=1} fuzzes for the given duration.
 */
class ZoneCompilerFuzzTest {

    private static final byte[] HEADER = MemFiles.HEADER.getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "10s")
    void arbitraryZoneText(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 2);
        byte[] body = data.consumeRemainingAsBytes();
        MemFiles files = new MemFiles();
        switch (mode) {
            case 0 -> files.put("fuzz.example.zone", body);
            case 1 -> files.put("fuzz.example.zone", concat(HEADER, body));
            default -> files.put("fuzz.example.zone", concat(HEADER, "$INCLUDE inc.txt\n".getBytes(StandardCharsets.US_ASCII)))
                    .put("inc.txt", body);
        }
        CompilerLimits limits = CompilerLimits.DEFAULTS.withRecordsPerZoneMax(10_000);
        try {
            CompiledZones z = ZoneCompiler.compile(List.of(ZoneInput.of(Path.of("fuzz.example.zone"))), limits, files);
            assertFalse(z.zones().isEmpty());
            assertFalse(z.zones().get(0).records().isEmpty());
            // Whatever compiles must bake and load (the image writer's contract).
            ZoneSet.load(ZoneImageWriter.write(z.zones()));
        } catch (ZoneCompileException e) {
            assertFalse(e.errors().isEmpty(), "a failed compile names at least one error");
            for (Diagnostic d : e.diagnostics()) {
                assertNotNull(d.render());
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
