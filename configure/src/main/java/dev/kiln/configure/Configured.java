package dev.kiln.configure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The output of the configure step for one target.
 *
 * @param descriptor the appliance
 * @param target     {@code tap} or {@code host}
 * @param zones      the baked zone image, or null if the appliance has no zones
 * @param origins    the baked zones' origins, e.g. {@code example.com.}
 * @param source     the generated main's source
 * @param jar        the generated main, compiled (goes on the class path after the application's jars)
 * @param mainClass  the generated main's class name
 * @param stageMillis time per configure stage (bake, site, tls, generate, compile), in order
 * @param site       the baked static site, or null if the appliance has none
 * @param sitePaths  the baked site's URL paths (what the image's training run asks for), empty without a site
 * @param tls        the baked TLS identity (key and certificate chain), or null
 */
public record Configured(Descriptor descriptor, String target, Path zones, List<String> origins, Path source, Path jar,
                         String mainClass, Map<String, Long> stageMillis, Path site, List<String> sitePaths, Path tls) {
    public Configured {
        sitePaths = List.copyOf(sitePaths);
    }

    /** The baked data files and the run-time options that pass them, in launch order ({@code --zones}, {@code --site}, {@code --tls}). */
    public java.util.LinkedHashMap<String, Path> data() {
        java.util.LinkedHashMap<String, Path> m = new java.util.LinkedHashMap<>();
        if (zones != null) m.put("--zones", zones);
        if (site != null) m.put("--site", site);
        if (tls != null) m.put("--tls", tls);
        return m;
    }
}
