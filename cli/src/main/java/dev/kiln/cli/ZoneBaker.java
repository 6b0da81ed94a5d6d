package dev.kiln.cli;

import dev.kiln.dns.compiler.ZoneCompileException;
import dev.kiln.dns.compiler.ZoneCompiler;
import dev.kiln.dns.compiler.ZoneInput;
import dev.kiln.dns.zone.ZoneImageWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The configure step for zones: master files → validated → baked zone image. A bad zone fails here, not at boot. */
final class ZoneBaker {
    private ZoneBaker() {}

    static Path bake(List<Path> zoneFiles, Path out, PrintStream log) {
        if (zoneFiles.isEmpty()) throw new UserError("no zone files given: pass --zone FILE (a master file, RFC 1035 §5)");
        for (Path z : zoneFiles) {
            if (!Files.isRegularFile(z)) throw new UserError("zone file " + z + " does not exist");
        }
        long t0 = System.nanoTime();
        byte[] image;
        try {
            var compiled = ZoneCompiler.compile(zoneFiles.stream().map(ZoneInput::of).toList());
            compiled.warnings().forEach(w -> log.println("warning: " + w));
            image = ZoneImageWriter.write(compiled.zones());
        } catch (ZoneCompileException e) {
            throw new UserError("the zone does not compile, so nothing was built:\n" + e.getMessage());
        }
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, image);
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + e.getMessage());
        }
        log.printf("baked %d zone file(s) into %s (%,d bytes) in %d ms%n", zoneFiles.size(), out, image.length,
                (System.nanoTime() - t0) / 1_000_000);
        return out;
    }
}
