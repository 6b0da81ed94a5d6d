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
 * @param stageMillis time per configure stage (bake, generate, compile), in order
 */
public record Configured(Descriptor descriptor, String target, Path zones, List<String> origins, Path source, Path jar,
                         String mainClass, Map<String, Long> stageMillis) {}
