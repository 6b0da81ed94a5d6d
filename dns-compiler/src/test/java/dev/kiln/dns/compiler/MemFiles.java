package dev.kiln.dns.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Zone files in memory, for tests and fuzzing. */
final class MemFiles implements SourceFiles {

    private final Map<Path, byte[]> files = new HashMap<>();

    MemFiles put(String name, String text) {
        return put(name, text.getBytes(StandardCharsets.UTF_8));
    }

    MemFiles put(String name, byte[] bytes) {
        files.put(Path.of(name).toAbsolutePath().normalize(), bytes);
        return this;
    }

    @Override
    public byte[] read(Path file, long bytesMax) throws IOException {
        byte[] b = files.get(file.toAbsolutePath().normalize());
        if (b == null) {
            throw new NoSuchFileException(file.toString());
        }
        if (b.length > bytesMax) {
            throw new TooLargeException(bytesMax);
        }
        return b.clone();
    }

    CompiledZones compile(String file, String origin) throws ZoneCompileException {
        return ZoneCompiler.compile(List.of(new ZoneInput(Path.of(file), origin)), CompilerLimits.DEFAULTS, this);
    }

    CompiledZones compile(String file, String origin, CompilerLimits limits) throws ZoneCompileException {
        return ZoneCompiler.compile(List.of(new ZoneInput(Path.of(file), origin)), limits, this);
    }

    /** Compiles and expects failure; returns the exception. */
    ZoneCompileException fail(String file, String origin, CompilerLimits limits) {
        try {
            CompiledZones z = compile(file, origin, limits);
            throw new AssertionError("expected " + file + " to fail, but it compiled to " + z.zones().get(0).records().size() + " records");
        } catch (ZoneCompileException e) {
            return e;
        }
    }

    static final String HEADER = """
            $ORIGIN example.com.
            $TTL 3600
            @    SOA ns1 hostmaster 1 7200 3600 1209600 300
            @    NS  ns1
            ns1  A   192.0.2.53
            """;
}
