package dev.kiln.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A built image and what it is made of.
 *
 * @param dir          the image directory ({@code bin/appliance}, {@code runtime/}, {@code app/}, {@code data/}, …)
 * @param tarXz        the shipped archive, or null if none was asked for
 * @param buildId      SHA-256 of the inputs (jars, data, main class, target, seed, flags, JDK)
 * @param modules      JDK modules in the runtime (computed by jdeps)
 * @param manifest     the manifest's entries
 * @param sizes        bytes per part: runtime, app, data, aot, image (unpacked total), tar.xz
 * @param stageMillis  time per build stage, in order
 */
public record BuiltImage(Path dir, Path tarXz, String buildId, List<String> modules, Map<String, String> manifest,
                         Map<String, Long> sizes, Map<String, Long> stageMillis) {

    /** The launcher: exec it with the appliance's run-time arguments. */
    public Path launcher() {
        return dir.resolve(LauncherScript.PATH);
    }
}
