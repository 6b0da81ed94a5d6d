package dev.kiln.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** The least set of JDK modules an appliance needs, computed by {@code jdeps} over its class path. */
public final class ModuleDeps {
    private ModuleDeps() {}

    /**
     * Runs {@code jdeps --print-module-deps --ignore-missing-deps --multi-release 25} over the
     * given jars or class directories.
     *
     * @return the JDK modules, sorted; always includes {@code java.base}
     */
    public static List<String> compute(List<Path> classPath) {
        if (classPath.isEmpty()) throw new BuildException("no application jars given: nothing to compute JDK modules for");
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                "--multi-release", String.valueOf(Runtime.version().feature())));
        classPath.forEach(p -> args.add(p.toString()));
        String all = Tools.jdkTool("jdeps", args).strip();
        // jdeps may print warnings first; the module list is its last line.
        String out = all.substring(all.lastIndexOf('\n') + 1).strip();
        TreeSet<String> modules = new TreeSet<>();
        modules.add("java.base");
        Arrays.stream(out.split("[,\\s]+")).filter(s -> !s.isEmpty()).forEach(modules::add);
        for (String m : modules) {
            if (!m.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
                throw new BuildException("jdeps printed an unexpected module name '" + m + "' (output: " + all + ")");
            }
        }
        return List.copyOf(modules);
    }
}
