package dev.kiln.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An appliance project directory, e.g. {@code examples/dns}: its {@code appliance.properties}
 * (main class, default zones) and its built jars.
 */
record ApplianceDir(Path dir, String name, String mainClass, List<Path> defaultZones, String exampleQuery) {

    static ApplianceDir open(Path dir) {
        String home = System.getProperty("kiln.home");
        if (!Files.exists(dir) && home != null && !dir.isAbsolute() && Files.exists(Path.of(home).resolve(dir))) {
            dir = Path.of(home).resolve(dir); // e.g. examples/dns from outside the repository
        }
        Path props = dir.resolve("appliance.properties");
        if (!Files.isRegularFile(props)) {
            throw new UserError(dir + " is not an appliance directory (no appliance.properties); try examples/dns");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(props)) {
            p.load(r);
        } catch (IOException e) {
            throw new UserError("cannot read " + props + ": " + e.getMessage());
        }
        String main = p.getProperty("main");
        if (main == null || main.isBlank()) throw new UserError(props + " has no main= line naming the appliance's main class");
        List<Path> zones = new ArrayList<>();
        for (String z : p.getProperty("zones", "").trim().split("\\s+")) {
            if (!z.isEmpty()) zones.add(dir.resolve(z));
        }
        return new ApplianceDir(dir, p.getProperty("name", dir.getFileName().toString()), main, zones,
                p.getProperty("example-query", ". SOA"));
    }

    /** The class path of the built appliance: its jar and its run-time dependencies. */
    String classPath() {
        Path target = dir.resolve("target");
        List<String> cp = new ArrayList<>();
        try (Stream<Path> jars = Files.list(target)) {
            jars.filter(j -> j.toString().endsWith(".jar") && !j.toString().endsWith("-tests.jar")
                            && !j.toString().endsWith("-sources.jar"))
                    .sorted().forEach(j -> cp.add(j.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new UserError("the appliance in " + dir + " is not built (no " + target + "); run ./kiln again, which builds it,"
                    + " or build with: mvn -q install -DskipTests");
        }
        if (cp.isEmpty()) throw new UserError("no appliance jar in " + target + "; build with: mvn -q install -DskipTests");
        Path lib = target.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> deps = Files.list(lib)) {
                deps.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> cp.add(j.toAbsolutePath().toString()));
            } catch (IOException e) {
                throw new UserError("cannot list " + lib + ": " + e.getMessage());
            }
        }
        return String.join(java.io.File.pathSeparator, cp);
    }

    Path workDir() {
        return dir.resolve("target").resolve("kiln");
    }
}
