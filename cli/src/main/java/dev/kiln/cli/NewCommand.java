package dev.kiln.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln new NAME}: scaffold an appliance project (descriptor, a one-zone DNS application, a zone, a pom). */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Create an appliance project NAME/: a descriptor (appliance.properties), a small application"
                + " (an authoritative DNS server for NAME.test), its zone and a Maven pom. kiln build and kiln run handle it"
                + " as it is.")
final class NewCommand implements java.util.concurrent.Callable<Integer> {
    static final String KILN_VERSION = "0.1.0-SNAPSHOT";

    @Parameters(index = "0", description = "The appliance's name: a lower-case letter, then letters, digits or '-'.")
    String name;

    @Option(names = "--in", defaultValue = ".", description = "Create NAME/ in this directory (default: the current one).")
    Path parent;

    @Override
    public Integer call() {
        Path dir = create(parent, name);
        System.out.println("created " + dir + "/: appliance.properties, src/main/java/" + pkg(name) + "/App.java, zones/"
                + name + ".test.zone, pom.xml");
        System.out.println("next:");
        System.out.println("  ./kiln run " + dir + " --target host           # compile, configure and boot it on 127.0.0.1:5353");
        System.out.println("  ./kiln build " + dir + " --target host         # or build its image, then: ./kiln run "
                + dir.resolve("target/image-host"));
        return 0;
    }

    /** Writes the project; refuses to touch an existing directory. */
    static Path create(Path parent, String name) {
        if (!name.matches("[a-z][a-z0-9-]{0,30}") || !javax.lang.model.SourceVersion.isName(pkg(name))) {
            throw new UserError("'" + name + "' is not an appliance name: use a lower-case letter, then letters, digits or '-'"
                    + " (not a Java keyword: it names the application's package), e.g. hello");
        }
        Path dir = parent.resolve(name);
        if (Files.exists(dir)) throw new UserError(dir + " already exists: pick another name or remove it");
        Map<String, String> vars = Map.of("@NAME@", name, "@PACKAGE@", pkg(name), "@KILN_VERSION@", KILN_VERSION);
        try {
            write(dir.resolve("appliance.properties"), "appliance.properties.tmpl", vars);
            write(dir.resolve("pom.xml"), "pom.xml.tmpl", vars);
            write(dir.resolve("zones").resolve(name + ".test.zone"), "zone.tmpl", vars);
            write(dir.resolve("src/main/java").resolve(pkg(name)).resolve("App.java"), "App.java.tmpl", vars);
        } catch (IOException e) {
            throw new UserError("cannot create " + dir + ": " + e.getMessage());
        }
        return dir;
    }

    /** The application's package: the name with '-' as '_'. */
    static String pkg(String name) {
        return name.replace('-', '_');
    }

    private static void write(Path file, String template, Map<String, String> vars) throws IOException {
        String text;
        try (InputStream in = NewCommand.class.getResourceAsStream("scaffold/" + template)) {
            if (in == null) throw new IOException("template " + template + " is missing from the kiln jar");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (var v : vars.entrySet()) text = text.replace(v.getKey(), v.getValue());
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
