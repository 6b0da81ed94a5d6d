package dev.kiln.build;

import java.util.ArrayList;
import java.util.List;

/**
 * The image's {@code bin/appliance}: a POSIX shell script that execs the image's runtime with the
 * appliance's JVM flags, its class path, the baked data and the target, then the run-time
 * arguments it was given. The appliance's own JVM options (descriptor {@code jvm-options=}) follow
 * Kiln's flags; {@code KILN_JAVA_OPTS} adds JVM flags after both (the last occurrence of a flag wins);
 * {@code KILN_AOT=off} boots without the AOT cache (for measurements and the training run).
 */
final class LauncherScript {
    static final String PATH = "bin/appliance";
    static final String AOT_FILE = "app.aot";
    static final String DATA_DIR = "data";

    private LauncherScript() {}

    /** The JVM flags every boot uses (heap, GC, native access, layout), in order. */
    static List<String> jvmFlags(ImageSpec spec, LayoutSeed layout) {
        List<String> f = new ArrayList<>();
        f.add("-Xms" + spec.heapMb() + "m");
        f.add("-Xmx" + spec.heapMb() + "m");
        f.add("-XX:+UseSerialGC");
        f.add("-XX:-UsePerfData");
        // The whole code cache reserved and committed at boot: a sealed JVM cannot map more
        // executable memory later (Seal refuses to seal without these).
        f.add("-XX:ReservedCodeCacheSize=64m");
        f.add("-XX:InitialCodeCacheSize=64m");
        if (spec.c1Only()) f.add("-XX:TieredStopAtLevel=1");
        // No method-handle customisation: the JIT folds Kiln's constant downcall handles anyway,
        // and customising spins a class per handle after 127 interpreted calls, during boot.
        f.add("-Djava.lang.invoke.MethodHandle.CUSTOMIZE_THRESHOLD=-1");
        f.add("--enable-native-access=ALL-UNNAMED");
        f.addAll(layout.runFlags());
        return f;
    }

    /** Kiln's flags, then the appliance's own options: what the launcher passes before the AOT cache and KILN_JAVA_OPTS. */
    static List<String> allFlags(ImageSpec spec, LayoutSeed layout) {
        List<String> f = jvmFlags(spec, layout);
        f.addAll(spec.jvmOptions());
        return f;
    }

    /** {@code word} as one shell word: as it is if it holds only safe characters, else in single quotes (ImageSpec refuses quotes). */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_.,:/+=@%-]+") ? word : "'" + word + "'";
    }

    /** The extra baked data as the manifest lists it: {@code --tls data/tls.ktls}, space-separated. */
    static String extraData(ImageSpec spec) {
        List<String> parts = new ArrayList<>();
        spec.extraData().forEach((opt, file) -> parts.add(opt + " " + DATA_DIR + "/" + file.getFileName()));
        return String.join(" ", parts);
    }

    private static String extraArgs(ImageSpec spec) {
        StringBuilder sb = new StringBuilder();
        spec.extraData().forEach((opt, file) -> sb.append(' ').append(opt).append(" \"$IMAGE/").append(DATA_DIR).append('/')
                .append(file.getFileName()).append('"'));
        return sb.toString();
    }

    static String render(ImageSpec spec, LayoutSeed layout, List<String> jars, String dataFile, String buildId) {
        StringBuilder cp = new StringBuilder();
        for (String j : jars) {
            if (!cp.isEmpty()) cp.append(':');
            cp.append("$IMAGE/app/").append(j);
        }
        return """
                #!/bin/sh
                # Kiln appliance launcher for %s (target %s, build %s). Generated; do not edit.
                # Run-time arguments are passed to the appliance. KILN_JAVA_OPTS adds JVM flags (after the
                # appliance's own, so they win); KILN_AOT=off boots without the AOT cache.
                # the image directory, without a fork when called by path (a boot saves ≈ 2 ms)
                case $0 in
                  */bin/appliance) IMAGE=${0%%/bin/appliance} ;;
                  *) IMAGE=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd -P) || exit 1 ;;
                esac
                case $IMAGE in /*) ;; "") IMAGE=/ ;; .) IMAGE=$PWD ;; ./*) IMAGE=$PWD/${IMAGE#./} ;; *) IMAGE=$PWD/$IMAGE ;; esac
                AOT=
                if [ "${KILN_AOT:-on}" != off ] && [ -f "$IMAGE/%s" ]; then AOT="-XX:AOTCache=$IMAGE/%s"; fi
                # shellcheck disable=SC2086
                exec "$IMAGE/runtime/bin/java" %s $AOT $KILN_JAVA_OPTS \\
                  -cp "%s" %s \\
                  %s "$IMAGE/%s/%s"%s --target %s "$@"
                """.formatted(spec.name(), spec.target(), buildId.substring(0, 12), AOT_FILE, AOT_FILE,
                String.join(" ", allFlags(spec, layout).stream().map(LauncherScript::shellWord).toList()), cp, spec.mainClass(), spec.dataOption(), DATA_DIR, dataFile,
                extraArgs(spec), spec.target());
    }
}
