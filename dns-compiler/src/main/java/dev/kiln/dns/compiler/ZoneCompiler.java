package dev.kiln.dns.compiler;

import dev.kiln.dns.zone.Rr;
import dev.kiln.dns.zone.ZoneSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The build-time zone compiler: zone master files in, validated {@link ZoneSource}s out.
 *
 * <pre>{@code
 * CompiledZones z = ZoneCompiler.compile(List.of(ZoneInput.of(Path.of("example.com.zone"))));
 * byte[] image = ZoneImageWriter.write(z.zones());
 * }</pre>
 *
 * On any error it throws {@link ZoneCompileException} with every problem found (up to
 * {@link CompilerLimits#errorsMax()}), each with file, line, reason and fix. It never throws
 * anything else for bad input. See the package documentation for what is validated.
 */
public final class ZoneCompiler {

    private ZoneCompiler() {}

    /** Compiles with {@link CompilerLimits#DEFAULTS}. */
    public static CompiledZones compile(List<ZoneInput> inputs) throws ZoneCompileException {
        return compile(inputs, CompilerLimits.DEFAULTS);
    }

    /** Compiles one zone file with the default limits, deriving its origin (see {@link ZoneInput}). */
    public static CompiledZones compile(Path file) throws ZoneCompileException {
        return compile(List.of(ZoneInput.of(file)), CompilerLimits.DEFAULTS);
    }

    /**
     * Compiles each input to one zone, in input order.
     *
     * @throws ZoneCompileException if any input has an error (all inputs are still checked)
     */
    public static CompiledZones compile(List<ZoneInput> inputs, CompilerLimits limits) throws ZoneCompileException {
        return compile(inputs, limits, SourceFiles.DISK);
    }

    static CompiledZones compile(List<ZoneInput> inputs, CompilerLimits limits, SourceFiles files) throws ZoneCompileException {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(limits, "limits");
        DiagnosticSink sink = new DiagnosticSink(limits);
        Path summary = inputs.isEmpty() ? Path.of("(no zone files)") : inputs.get(0).file();
        if (inputs.isEmpty()) {
            sink.error(summary, 0, "no zone files given", "give at least one zone file");
            throw new ZoneCompileException(sink.all(summary));
        }
        if (inputs.size() > limits.zonesMax()) {
            sink.error(inputs.get(limits.zonesMax()).file(), 0, inputs.size() + " zones given, more than the limit of " + limits.zonesMax(),
                    "compile fewer zones, or raise CompilerLimits.zonesMax");
            throw new ZoneCompileException(sink.all(summary));
        }
        List<ZoneSource> zones = new ArrayList<>();
        Map<Name, Path> origins = new HashMap<>();
        for (ZoneInput input : inputs) {
            if (sink.full()) {
                break;
            }
            ZoneSource z = compileOne(input, limits, files, sink);
            if (z == null) {
                continue;
            }
            Name origin = nameOf(z.origin());
            Path other = origins.putIfAbsent(origin, input.file());
            if (other != null) {
                sink.error(input.file(), 0, "zone " + origin + " is given twice (also from " + other + ")",
                        "give each zone once");
                continue;
            }
            zones.add(z);
        }
        if (sink.hasErrors()) {
            throw new ZoneCompileException(sink.all(summary));
        }
        return new CompiledZones(zones, sink.warnings(summary));
    }

    private static ZoneSource compileOne(ZoneInput input, CompilerLimits limits, SourceFiles files, DiagnosticSink sink) {
        Path file = input.file();
        Name origin = null;
        if (input.origin() != null) {
            origin = parseOrigin(input.origin());
            if (origin == null) {
                sink.error(file, 0, "origin '" + input.origin() + "' is not a valid domain name", "give the zone's name, e.g. example.com.");
                return null;
            }
        } else {
            origin = originFromFileName(file);
        }
        int errorsBefore = sink.errorCount();
        List<ParsedRecord> parsed = new ZoneFileReader(files, limits, sink).read(file, origin);
        Name apex = origin;
        if (apex == null) {
            for (ParsedRecord p : parsed) {
                if (p.record().getType() == Type.SOA) {
                    apex = p.record().getName();
                    break;
                }
            }
        }
        if (apex == null) {
            if (sink.errorCount() == errorsBefore) {
                sink.error(file, 0, "cannot tell the zone's origin: no SOA record, no origin given, and the file name does not end in .zone",
                        "add an SOA record at the apex, name the file ORIGIN.zone, or give the origin");
            }
            return null;
        }
        if (sink.errorCount() > errorsBefore && parsed.isEmpty()) {
            return null; // the file could not be read at all: nothing more to say
        }
        List<ParsedRecord> kept = ZoneValidator.validate(apex, file, parsed, sink);
        List<Rr> rrs = new ArrayList<>(kept.size());
        for (ParsedRecord p : kept) {
            Rr rr;
            try {
                rr = WireForm.rr(p);
            } catch (RuntimeException e) {
                sink.error(p.file(), p.line(), "cannot encode the " + Type.string(p.record().getType()) + " record at " + p.record().getName()
                        + ": " + e.getMessage(), "check the record's data");
                continue;
            }
            rrs.add(rr);
        }
        return new ZoneSource(WireForm.name(apex), List.copyOf(rrs));
    }

    /** {@code example.com.zone} → {@code example.com.}; null if the name does not end in .zone or is not a domain name. */
    static Name originFromFileName(Path file) {
        Path fn = file.getFileName();
        if (fn == null) {
            return null;
        }
        String s = fn.toString();
        if (!s.endsWith(".zone") || s.length() <= ".zone".length()) {
            return null;
        }
        return parseOrigin(s.substring(0, s.length() - ".zone".length()));
    }

    /** An origin given by the user: absolute whether or not it ends in a dot. */
    static Name parseOrigin(String s) {
        try {
            return Name.fromString(s, Name.root);
        } catch (TextParseException | RuntimeException e) {
            return null;
        }
    }

    private static Name nameOf(byte[] wire) {
        try {
            return new Name(wire);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("we wrote this name ourselves", e);
        }
    }
}
