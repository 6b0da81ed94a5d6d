package dev.kiln.build;

import java.util.List;
import java.util.Map;

/** {@code kiln inspect}'s text: the manifest, then a size table of the image's parts. */
public final class InspectText {
    private InspectText() {}

    public static String render(ImageInspector.Report r) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> m = r.manifest();
        sb.append("image    ").append(r.source()).append('\n');
        sb.append("name     ").append(m.getOrDefault("name", "?")).append("  (target ").append(m.getOrDefault("target", "?"))
                .append(", build ").append(m.getOrDefault("build.id", "?")).append(")\n");
        sb.append("main     ").append(m.getOrDefault("main.class", "?")).append('\n');
        sb.append("runtime  JDK ").append(m.getOrDefault("jdk.version", "?")).append(", modules ")
                .append(String.join(", ", r.modules())).append('\n');
        sb.append("shrink   ").append(m.getOrDefault("shrink", "off (built before shrinking existed)")).append('\n');
        sb.append('\n');

        long total = r.total();
        sb.append(String.format("%-56s %14s %7s%n", "part", "bytes", "share"));
        Map<String, Long> p = r.parts();
        row(sb, "runtime", p.get("runtime"), total);
        row(sb, "  lib/server/libjvm.so", p.get("runtime.libjvm"), total);
        row(sb, "  lib/modules (" + r.modules().size() + " JDK modules)", p.get("runtime.modules"), total);
        row(sb, "  other (launcher, libraries, conf)", p.get("runtime") - p.get("runtime.libjvm") - p.get("runtime.modules"), total);
        jarRows(sb, "application", r, false, total);
        jarRows(sb, "Kiln libraries", r, true, total);
        row(sb, "baked data", p.get("baked data"), total);
        p.forEach((k, v) -> {
            if (k.startsWith(LauncherScript.DATA_DIR + "/")) row(sb, "  " + k + dataKind(k), v, total);
        });
        r.data().forEach((k, v) -> sb.append("    ").append(k).append(": ").append(v).append('\n'));
        String aot = r.aot().containsKey("aot.training.answered")
                ? "AOT cache (trained on " + r.aot().get("aot.training.answered")
                        + (r.aot().getOrDefault("aot.training.probe", "dns").equals("dns") ? " queries)" : " HTTP requests)") : "AOT cache";
        row(sb, aot, p.get("AOT cache"), total);
        row(sb, "launcher (bin/appliance)", p.get("launcher"), total);
        row(sb, "manifests", p.get("manifests"), total);
        if (p.get("other") > 0) row(sb, "other", p.get("other"), total);
        sb.append(String.format("%-56s %,14d%n", "total, unpacked", total));
        if (r.shipped() >= 0) sb.append(String.format("%-56s %,14d%n", "shipped (.tar.xz)", r.shipped()));
        sb.append(String.format("%-56s %,14d%n", "appliance-specific (app + Kiln libs + data)", r.applianceSpecific()));
        if (m.getOrDefault("size.app.unshrunk.bytes", "").matches("[0-9]{1,18}")) {
            sb.append(String.format("%-56s %,14d  (%s classes before, %s after)%n", "app + Kiln libs before shrinking",
                    Long.parseLong(m.get("size.app.unshrunk.bytes")), m.get("app.classes.unshrunk"), m.get("app.classes")));
        }

        sb.append("\nmanifest.properties:\n");
        m.forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
        if (!r.aot().isEmpty()) {
            sb.append("aot.properties:\n");
            r.aot().forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
        }
        return sb.toString();
    }

    private static String dataKind(String file) {
        if (file.endsWith(".ksite")) return " (static site)";
        if (file.endsWith(".ktls")) return " (TLS key and certificate chain)";
        if (file.endsWith(".kzone")) return " (zones)";
        return "";
    }

    private static void jarRows(StringBuilder sb, String label, ImageInspector.Report r, boolean kiln, long total) {
        List<ImageInspector.Jar> jars = r.jars().stream().filter(j -> j.kiln() == kiln).toList();
        int classes = jars.stream().mapToInt(ImageInspector.Jar::classes).sum();
        row(sb, label + " (" + jars.size() + " jars, " + classes + " classes)", r.parts().get(kiln ? "kiln libraries" : "application"), total);
        for (ImageInspector.Jar j : jars) {
            row(sb, "  " + j.name() + " (" + j.classes() + " classes)", j.bytes(), total);
        }
    }

    private static void row(StringBuilder sb, String label, long bytes, long total) {
        sb.append(String.format("%-56s %,14d %6.2f%%%n", label.length() > 56 ? label.substring(0, 53) + "..." : label,
                bytes, total == 0 ? 0.0 : 100.0 * bytes / total));
    }
}
