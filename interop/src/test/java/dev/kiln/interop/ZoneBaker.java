package dev.kiln.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.kiln.dns.compiler.CompiledZones;
import dev.kiln.dns.compiler.ZoneCompileException;
import dev.kiln.dns.compiler.ZoneCompiler;
import dev.kiln.dns.compiler.ZoneInput;
import dev.kiln.dns.zone.ZoneImageWriter;

/**
 * Bakes zone files into a {@code .kzone} image with the compiler API, as {@code ./kiln bake} does:
 * {@code ZoneCompiler.compile(inputs)} → {@code ZoneImageWriter.write(zones)}. Each zone is given
 * with its origin, as NSD's config names it.
 */
final class ZoneBaker {
    private ZoneBaker() {}

    static Path bake(List<ZoneFile> zones, Path out) throws IOException {
        List<ZoneInput> inputs = zones.stream().map(z -> new ZoneInput(z.file(), z.origin())).toList();
        CompiledZones compiled;
        try {
            compiled = ZoneCompiler.compile(inputs);
        } catch (ZoneCompileException e) {
            throw new IllegalStateException("the zone compiler rejected " + inputs + ":\n" + e.getMessage(), e);
        }
        Files.write(out, ZoneImageWriter.write(compiled.zones()));
        return out;
    }
}
