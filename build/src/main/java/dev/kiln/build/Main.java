package dev.kiln.build;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Try the image builder without the {@code kiln} command:
 *
 * <pre>
 * java -cp … dev.kiln.build.Main build [--descriptor appliance.properties] --cp A.jar:B.jar --main CLASS --data zones.kzone --out DIR
 *      [--name dns] [--target host|tap] [--heap-mb 64] [--seed N] [--c1] [--no-aot] [--training-queries 500]
 *      [--compress zip-0] [--no-strip] [--xz 9e|0-9|none] [--probe example.com.] [--no-shrink] [--jvm-options "OPTS"]
 * java -cp … dev.kiln.build.Main bench --image DIR [--boots 10] [--cp A.jar:B.jar --main CLASS]
 * </pre>
 */
public final class Main {
    private Main() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            System.out.println(usage());
            return;
        }
        try {
            switch (argv[0]) {
                case "build" -> build(Arrays.copyOfRange(argv, 1, argv.length));
                case "bench" -> bench(Arrays.copyOfRange(argv, 1, argv.length));
                default -> throw new BuildException("unknown command '" + argv[0] + "'\n" + usage());
            }
        } catch (BuildException e) {
            System.err.println("kiln-build: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String usage() {
        return """
                usage: Main build [--descriptor appliance.properties] --cp JARS --main CLASS --data FILE --out DIR
                                  [--name NAME] [--target host|tap]
                                  [--heap-mb N] [--seed N] [--c1] [--no-aot] [--training-queries N]
                                  [--compress zip-0|zip-9] [--no-strip] [--xz 9e|0-9|none] [--probe NAME]
                                  [--no-shrink]   (keep every class of the jars; default: ProGuard shrinks them)
                                  [--jvm-options "OPTS"]   (the appliance's own JVM options, after Kiln's flags)
                       Main bench --image DIR [--boots N] [--cp JARS --main CLASS]   (exec → first DNS answer)""";
    }

    private static void build(String[] a) {
        String cp = null, main = null, data = null, out = null, name = "dns", target = "host", compress = "zip-0",
                xz = "9e", probe = "example.com.";
        int heap = 64, queries = 500;
        long seed = LayoutSeed.fresh(); // a fresh layout per build; --seed N reproduces one
        boolean c1 = false, aot = true, strip = true, shrink = true;
        List<String> jvmOptions = List.of();
        String jvmOrigin = "--jvm-options";
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--descriptor" -> { // appliance.properties: name=, application=, heap-mb=, jvm-options= (the later options win)
                    java.util.Properties d = new java.util.Properties();
                    Path f = Path.of(value(a, ++i));
                    try (var r = Files.newBufferedReader(f)) {
                        d.load(r);
                    } catch (java.io.IOException e) {
                        throw new BuildException("cannot read the appliance descriptor " + f + ": " + e.getMessage());
                    }
                    name = d.getProperty("name", name);
                    main = d.getProperty("application", d.getProperty("main", main));
                    heap = number(d.getProperty("heap-mb", String.valueOf(heap)), f + " heap-mb");
                    if (d.getProperty("jvm-options") != null) {
                        jvmOptions = words(d.getProperty("jvm-options"));
                        jvmOrigin = f + " (jvm-options=)";
                    }
                }
                case "--cp" -> cp = value(a, ++i);
                case "--main" -> main = value(a, ++i);
                case "--data" -> data = value(a, ++i);
                case "--out" -> out = value(a, ++i);
                case "--name" -> name = value(a, ++i);
                case "--target" -> target = value(a, ++i);
                case "--heap-mb" -> heap = number(value(a, ++i), "--heap-mb");
                case "--seed" -> seed = Long.parseUnsignedLong(value(a, ++i));
                case "--c1" -> c1 = true;
                case "--no-aot" -> aot = false;
                case "--training-queries" -> queries = number(value(a, ++i), "--training-queries");
                case "--compress" -> compress = value(a, ++i);
                case "--no-strip" -> strip = false;
                case "--xz" -> xz = value(a, ++i);
                case "--probe" -> probe = value(a, ++i);
                case "--no-shrink" -> shrink = false;
                case "--jvm-options" -> {
                    jvmOptions = words(value(a, ++i));
                    jvmOrigin = "--jvm-options";
                }
                default -> throw new BuildException("unknown option " + a[i] + "\n" + usage());
            }
        }
        if (cp == null || main == null || data == null || out == null) throw new BuildException("--cp, --main, --data and --out are required\n" + usage());
        int preset = xz.equals("none") ? -1 : number(xz.replace("e", ""), "--xz");
        ImageSpec spec = ImageSpec.of(name, paths(cp), main, Path.of(data)).withTarget(target).withHeapMb(heap)
                .withSeed(seed).withC1Only(c1).withAot(aot, queries).withRuntime(compress, strip)
                .withXz(preset, xz.endsWith("e")).withProbeName(probe).withShrink(shrink).withJvmOptions(jvmOptions, jvmOrigin);
        System.out.println("layout seed " + Long.toUnsignedString(seed) + " (rebuild with --seed " + Long.toUnsignedString(seed)
                + " for the same image)");
        BuiltImage img = ImageBuilder.build(spec, Path.of(out), System.out);
        System.out.println("sizes (bytes):");
        img.sizes().forEach((k, v) -> System.out.printf("  %-8s %,14d%n", k, v));
        System.out.println("run it: " + img.launcher() + (target.equals("tap")
                ? " --tap kiln0 --address 192.0.2.2/24   (as root, inside a namespace: ip netns exec NS …)"
                : " --listen 127.0.0.1:5353"));
    }

    private static void bench(String[] a) throws Exception {
        String image = null, cp = null, main = null, probe = "example.com.";
        int boots = 10;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--image" -> image = value(a, ++i);
                case "--boots" -> boots = number(value(a, ++i), "--boots");
                case "--cp" -> cp = value(a, ++i);
                case "--main" -> main = value(a, ++i);
                case "--probe" -> probe = value(a, ++i);
                default -> throw new BuildException("unknown option " + a[i] + "\n" + usage());
            }
        }
        if (image == null) throw new BuildException("--image DIR is required\n" + usage());
        Path dir = Path.of(image).toAbsolutePath();
        Map<String, String> manifest = Manifest.read(dir.resolve(Manifest.FILE));
        List<String> launch = List.of(dir.resolve(LauncherScript.PATH).toString(), "--target", "host", "--listen", "127.0.0.1:{PORT}");
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).strip());
        List<BootBench.Result> results = new ArrayList<>();
        if (cp != null && main != null) {
            List<String> plain = new ArrayList<>();
            plain.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            plain.addAll(List.of(manifest.get("jvm.flags").split(" ")));
            plain.addAll(List.of("-cp", cp, main, manifest.get("data.option"), dir.resolve(manifest.get("data.file")).toString(),
                    "--target", "host", "--listen", "127.0.0.1:{PORT}"));
            results.add(BootBench.measure("plain jars (full JDK, CDS)", plain, Map.of(), boots, probe));
            System.out.println(results.getLast());
        }
        results.add(BootBench.measure("image, no AOT cache", launch, Map.of("KILN_AOT", "off"), boots, probe));
        System.out.println(results.getLast());
        if (Files.exists(dir.resolve(LauncherScript.AOT_FILE))) {
            results.add(BootBench.measure("image + AOT cache", launch, Map.of(), boots, probe));
            System.out.println(results.getLast());
            results.add(BootBench.measure("image + AOT cache + C1 only", launch, Map.of("KILN_JAVA_OPTS", "-XX:TieredStopAtLevel=1"), boots, probe));
            System.out.println(results.getLast());
        }
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private static List<Path> paths(String cp) {
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static String value(String[] a, int i) {
        if (i >= a.length) throw new BuildException("option " + a[i - 1] + " needs a value");
        return a[i];
    }

    private static int number(String s, String opt) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BuildException(opt + " wants a number, not '" + s + "'");
        }
    }
}
