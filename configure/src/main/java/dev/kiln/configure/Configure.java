package dev.kiln.configure;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The configure step: descriptor + target → baked inputs + generated, compiled main, in a work
 * directory:
 *
 * <pre>
 *   WORK/zones.kzone                          the baked zones (binary; the appliance loads it without parsing)
 *   WORK/site.ksite                           the baked static site (site=)
 *   WORK/tls.ktls                             the baked TLS key and certificate chain (certificate=, key=)
 *   WORK/src/dev/kiln/generated/NameMain.java the generated main, to read
 *   WORK/name-target-main.jar                 it, compiled, plus META-INF/kiln/appliance.properties
 * </pre>
 */
public final class Configure {
    /** In the generated jar: the resolved descriptor, so {@code kiln run IMAGE} knows the device addresses. */
    public static final String DESCRIPTOR_RESOURCE = "META-INF/kiln/appliance.properties";

    private Configure() {}

    /**
     * Runs the configure step.
     *
     * @param classPath the application's class path (its jar and dependencies, including kiln-appliance)
     */
    public static Configured run(Descriptor d, String target, List<Path> classPath, Path work, PrintStream log) {
        Map<String, Long> stages = new LinkedHashMap<>();
        long t = System.nanoTime();
        Path kzone = null;
        List<String> origins = List.of();
        if (!d.zones().isEmpty()) {
            ZoneBake.Baked b = ZoneBake.bake(d.zones(), work.resolve("zones.kzone"), log);
            kzone = b.image();
            origins = b.origins();
            t = stage(stages, "bake", t, log, String.format("%d zone file(s) -> %s (%,d bytes): %s", d.zones().size(),
                    work.relativize(kzone), b.bytes(), String.join(" ", origins)));
        }
        Path ksite = null, ktls = null;
        List<String> sitePaths = List.of();
        if (d.site() != null) {
            var b = SiteBake.bake(d, work.resolve("site.ksite"));
            ksite = b.image();
            sitePaths = b.paths();
            t = stage(stages, "site", t, log, String.format("%s -> %s (%,d bytes): %d files, %d with gzip, %d with br",
                    d.site().getFileName(), work.relativize(ksite), b.bytes(), b.files(), b.gzipped(), b.brotli()));
        }
        if (d.certificate() != null) {
            var b = TlsBake.bake(d.certificate(), d.key(), work.resolve("tls.ktls"), new java.util.Date());
            ktls = b.image();
            t = stage(stages, "tls", t, log, String.format("%s + %s -> %s (%,d bytes): %s, valid until %s", d.certificate().getFileName(),
                    d.key().getFileName(), work.relativize(ktls), b.bytes(), b.subject(), b.notAfter().toInstant()));
        }
        String cls = MainGenerator.className(d.name());
        Path source = work.resolve("src").resolve(MainGenerator.PACKAGE.replace('.', '/')).resolve(cls + ".java");
        Path jar = work.resolve(d.name() + "-" + target + "-main.jar");
        try {
            Files.createDirectories(source.getParent());
            Files.writeString(source, MainGenerator.generate(d, target), StandardCharsets.UTF_8);
            t = stage(stages, "generate", t, log, source.toString());
            MainCompiler.compile(source, classPath, work.resolve("classes"), jar,
                    Map.of(DESCRIPTOR_RESOURCE, resolved(d, target)), d.application());
        } catch (IOException e) {
            throw new ConfigureException(new Problem(work, 0, "cannot write the generated main: " + e.getMessage(), "check the directory"));
        }
        stage(stages, "compile", t, log, jar.toString());
        return new Configured(d, target, kzone, origins, source, jar, MainGenerator.PACKAGE + "." + cls, stages, ksite, sitePaths, ktls);
    }

    private static long stage(Map<String, Long> stages, String name, long since, PrintStream log, String what) {
        long now = System.nanoTime();
        long ms = (now - since) / 1_000_000;
        stages.put(name, ms);
        log.printf("  %-8s %6d ms  %s%n", name, ms, what);
        return now;
    }

    /** The descriptor as the image needs it at {@code kiln run} time: target, device config, example query. */
    static byte[] resolved(Descriptor d, String target) throws IOException {
        Properties p = new Properties();
        p.setProperty("name", d.name());
        p.setProperty("target", target);
        p.setProperty("example-query", d.exampleQuery());
        for (NetDevice n : d.nets()) {
            p.setProperty("net." + n.id() + ".address", n.address());
            if (n.gateway() != null) p.setProperty("net." + n.id() + ".gateway", n.gateway());
            p.setProperty("net." + n.id() + ".tap", n.tap());
            p.setProperty("net." + n.id() + ".listen", n.listen());
        }
        d.args().forEach((k, v) -> p.setProperty("arg." + k, v));
        StringWriter w = new StringWriter();
        p.store(w, null);
        // Properties.store writes a date comment first: drop it so the jar's bytes depend on the inputs only
        String text = w.toString().lines().filter(l -> !l.startsWith("#")).sorted().reduce("", (a, b) -> a + b + "\n");
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
