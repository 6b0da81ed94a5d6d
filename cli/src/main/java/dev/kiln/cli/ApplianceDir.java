package dev.kiln.cli;

import dev.kiln.configure.Descriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An appliance project directory, e.g. {@code examples/dns}: its descriptor ({@code appliance.properties},
 * read and validated by {@code kiln.configure}) and its built jars.
 */
record ApplianceDir(Path dir, Descriptor descriptor) {

    static ApplianceDir open(Path dir) {
        String home = System.getProperty("kiln.home");
        if (!Files.exists(dir) && home != null && !dir.isAbsolute() && Files.exists(Path.of(home).resolve(dir))) {
            dir = Path.of(home).resolve(dir); // e.g. examples/dns from outside the repository
        }
        if (!Files.isRegularFile(dir.resolve(Descriptor.FILE))) {
            throw new UserError(dir + " is not an appliance directory (no " + Descriptor.FILE + "): try examples/dns,"
                    + " an image built by kiln build, or create one with kiln new NAME");
        }
        return new ApplianceDir(dir, Descriptor.read(dir));
    }

    /** The class path of the built appliance: its jar and its run-time dependencies (compiled first if stale). */
    List<Path> classPath() {
        Path target = dir.resolve("target");
        if (Files.isRegularFile(dir.resolve("pom.xml")) && stale(target)) {
            System.out.println("compiling the application (mvn -q package -DskipTests in " + dir + ")");
            Ip.Result r = Ip.execIn(dir, 600, "mvn", "-B", "-q", "package", "-DskipTests");
            if (!r.ok()) throw new UserError("the application does not build:\n" + r.output() + "\nfix it and run kiln again");
        }
        List<Path> cp = new ArrayList<>();
        try (Stream<Path> jars = Files.list(target)) {
            jars.filter(j -> j.toString().endsWith(".jar") && !j.toString().endsWith("-tests.jar")
                            && !j.toString().endsWith("-sources.jar"))
                    .sorted().forEach(j -> cp.add(j.toAbsolutePath()));
        } catch (IOException e) {
            throw new UserError("the appliance in " + dir + " is not built (no " + target + "): build it with"
                    + " mvn -q install -DskipTests (in " + dir + ")");
        }
        if (cp.isEmpty()) throw new UserError("no appliance jar in " + target + "; build with: mvn -q install -DskipTests");
        Path lib = target.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> deps = Files.list(lib)) {
                deps.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> cp.add(j.toAbsolutePath()));
            } catch (IOException e) {
                throw new UserError("cannot list " + lib + ": " + e.getMessage());
            }
        }
        return cp;
    }

    /** True if no jar was built yet or a source or the pom changed since. */
    private boolean stale(Path target) {
        try (Stream<Path> jars = Files.list(target)) {
            long built = jars.filter(j -> j.toString().endsWith(".jar")).mapToLong(ApplianceDir::mtime).max().orElse(-1);
            if (built < 0) return true;
            if (mtime(dir.resolve("pom.xml")) > built) return true;
            Path src = dir.resolve("src");
            if (!Files.isDirectory(src)) return false;
            try (Stream<Path> s = Files.walk(src)) {
                return s.anyMatch(f -> mtime(f) > built);
            }
        } catch (IOException e) {
            return true;
        }
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Where the configure step writes for {@code target}. */
    Path workDir(String target) {
        return dir.resolve("target").resolve("kiln").resolve(target);
    }
}
