package dev.kiln.configure;

import dev.kiln.dns.compiler.CompiledZones;
import dev.kiln.dns.compiler.ZoneCompileException;
import dev.kiln.dns.compiler.ZoneCompiler;
import dev.kiln.dns.compiler.ZoneInput;
import dev.kiln.dns.zone.ZoneImageWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The configure step for zones: master files → dns-compiler (validate) → baked zone image. A bad zone fails here, not at boot. */
public final class ZoneBake {
    /** What was baked: the image file, its size, and the zones' origins (e.g. {@code example.com.}). */
    public record Baked(Path image, long bytes, List<String> origins) {}

    private ZoneBake() {}

    public static Baked bake(List<Path> zoneFiles, Path out, PrintStream log) {
        if (zoneFiles.isEmpty()) {
            throw new ConfigureException(new Problem(Path.of(Descriptor.FILE), 0, "no zone files to bake", "list them: zones=zones/example.com.zone"));
        }
        for (Path z : zoneFiles) {
            if (!Files.isRegularFile(z)) throw new ConfigureException(new Problem(z, 0, "zone file does not exist", "fix the path"));
        }
        byte[] image;
        CompiledZones compiled;
        try {
            compiled = ZoneCompiler.compile(zoneFiles.stream().map(ZoneInput::of).toList());
            compiled.warnings().forEach(w -> log.println(w.render()));
            image = ZoneImageWriter.write(compiled.zones());
        } catch (ZoneCompileException e) {
            throw new ConfigureException(e.errors().stream()
                    .map(d -> new Problem(d.file(), d.line(), d.message(), d.fix())).toList());
        }
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, image);
        } catch (IOException e) {
            throw new ConfigureException(new Problem(out, 0, "cannot write the baked zones: " + e.getMessage(), "check the directory"));
        }
        return new Baked(out, image.length, compiled.zones().stream().map(z -> dev.kiln.dns.wire.DnsNames.toText(z.origin())).toList());
    }
}
