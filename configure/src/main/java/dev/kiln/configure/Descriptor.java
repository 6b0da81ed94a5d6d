package dev.kiln.configure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An appliance descriptor ({@code appliance.properties}), parsed and validated: what the appliance
 * is made of. Every key is described in {@code configure/README.md}.
 *
 * @param file         the descriptor file (problems name it)
 * @param name         the appliance's name: image, generated class, banner
 * @param application  the application class; the generated main calls its {@code start}
 * @param heapMb       Java heap in MB
 * @param nets         network devices, in file order (one, for now)
 * @param zones        build-time input: zone master files, resolved against the descriptor's directory
 * @param args         run-time arguments and their defaults, in file order ({@code seal} is always there)
 * @param exampleQuery the query {@code kiln run} suggests, e.g. {@code example.com SOA}
 * @param site         build-time input: the static site's directory (baked by site-compiler), or null
 * @param certificate  build-time input: the TLS certificate chain, PEM (leaf first), or null
 * @param key          build-time input: the certificate's private key, PEM (PKCS#8), or null; given with {@code certificate}
 * @param jvmOptions   extra JVM options for this appliance (after Kiln's own flags, before {@code KILN_JAVA_OPTS}), validated
 */
public record Descriptor(Path file, String name, String application, int heapMb, List<NetDevice> nets,
                         List<Path> zones, Map<String, String> args, String exampleQuery, Path site, Path certificate, Path key,
                         List<String> jvmOptions) {
    public static final String FILE = "appliance.properties";

    public Descriptor {
        nets = List.copyOf(nets);
        zones = List.copyOf(zones);
        jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
        args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }

    /** An appliance without a site or certificate (the DNS appliance's kind). */
    public Descriptor(Path file, String name, String application, int heapMb, List<NetDevice> nets,
                      List<Path> zones, Map<String, String> args, String exampleQuery) {
        this(file, name, application, heapMb, nets, zones, args, exampleQuery, null, null, null);
    }

    /** An appliance without extra JVM options. */
    public Descriptor(Path file, String name, String application, int heapMb, List<NetDevice> nets,
                      List<Path> zones, Map<String, String> args, String exampleQuery, Path site, Path certificate, Path key) {
        this(file, name, application, heapMb, nets, zones, args, exampleQuery, site, certificate, key, List.of());
    }

    /** Reads and validates {@code dir/appliance.properties} (or a descriptor file given directly). */
    public static Descriptor read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
        if (!Files.isRegularFile(file)) {
            throw new ConfigureException(new Problem(file, 0, "no appliance descriptor here",
                    "give an appliance directory (with an " + FILE + ", e.g. examples/dns), or create one with kiln new NAME"));
        }
        byte[] bytes;
        try {
            if (Files.size(file) > DescriptorLines.BYTES_MAX) {
                throw new ConfigureException(new Problem(file, 0, "the descriptor is larger than "
                        + DescriptorLines.BYTES_MAX / 1024 + " KiB", "it should be a few dozen lines"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigureException(new Problem(file, 0, "cannot read it: " + e.getMessage(), "check the file's permissions"));
        }
        return parse(file, bytes);
    }

    /** Parses and validates descriptor bytes; {@code file} locates problems and relative paths. */
    public static Descriptor parse(Path file, byte[] bytes) {
        if (bytes.length > DescriptorLines.BYTES_MAX) {
            throw new ConfigureException(new Problem(file, 0, "the descriptor is larger than 64 KiB", "it should be a few dozen lines"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigureException(new Problem(file, 0, "the descriptor is not UTF-8 text", "save it as UTF-8"));
        }
        List<Problem> problems = new ArrayList<>();
        var entries = DescriptorLines.parse(file, text, problems);
        Descriptor d = DescriptorValidator.validate(file, entries, problems);
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
            throw new ConfigureException(problems);
        }
        return d;
    }

    /** The directory relative paths in the descriptor are resolved against. */
    public Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /**
     * The line {@code key} is set on in the descriptor file, or 0 if it is not (or the file cannot be read again):
     * for problems found after validation, e.g. a JVM option the image's JVM refuses.
     */
    public int lineOf(String key) {
        try {
            if (Files.size(file) > DescriptorLines.BYTES_MAX) return 0;
            var entry = DescriptorLines.parse(file, Files.readString(file), new ArrayList<>()).get(key);
            return entry == null ? 0 : entry.line();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {@code FILE:LINE} of {@code key}'s line (just {@code FILE} if it has none), as problems name it. */
    public String where(String key) {
        int line = lineOf(key);
        return file + (line > 0 ? ":" + line : "");
    }

    /** The same appliance with other zone files (e.g. {@code kiln run --zone}). */
    public Descriptor withZones(List<Path> z) {
        return new Descriptor(file, name, application, heapMb, nets, z, args, exampleQuery, site, certificate, key, jvmOptions);
    }
}
