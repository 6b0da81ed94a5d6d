package dev.kiln.configure;

import dev.kiln.configure.DescriptorLines.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The descriptor's {@code jvm-options=}: per-appliance JVM tuning baked into the image, after Kiln's
 * own flags. Only the option kinds below, in characters a shell line carries unchanged; never the
 * flags Kiln sets itself and the heap, the seal, the AOT cache or the layout seed depend on.
 */
final class JvmOptions {
    static final int OPTIONS_MAX = 32;
    static final int OPTION_CHARS_MAX = 200;
    /** Values: no whitespace, quotes, '$', '\', '`', ';', '|', '&', '<', '>', '(', ')' ('*' is quoted in the launcher). */
    private static final String VALUE = "[A-Za-z0-9_.,:/+=@%*-]";
    private static final Pattern ACCEPTED = Pattern.compile("-XX:[+-][A-Za-z][A-Za-z0-9_]*"
            + "|-XX:[A-Za-z][A-Za-z0-9_]*=" + VALUE + "+"
            + "|-D[A-Za-z0-9_][A-Za-z0-9_.-]*=" + VALUE + "*"
            + "|-Xss[0-9]{1,12}[kKmMgG]?"
            + "|-Xlog(:" + VALUE + "+)?");
    static final String KINDS = "-XX:+Name, -XX:-Name, -XX:Name=value, -Dname=value, -Xss<size> or -Xlog:...";
    private static final String EXAMPLE = "e.g. jvm-options=-XX:PerMethodTrapLimit=0 -Xlog:gc";

    /** Options Kiln sets (or must not be set), by prefix: why, and what to do instead. */
    private record Reserved(Pattern option, String why, String fix) {}

    private static final List<Reserved> RESERVED = List.of(
            new Reserved(Pattern.compile("-Xm[sx].*|-XX:(MaxHeapSize|InitialHeapSize|MinHeapSize)=.*"),
                    "the heap size comes from heap-mb= (Kiln sets -Xms and -Xmx to it)", "remove it and use heap-mb=N"),
            new Reserved(Pattern.compile("-XX:(ReservedCodeCacheSize|InitialCodeCacheSize)=.*"),
                    "Kiln commits the whole code cache at boot (64m): a sealed JVM cannot map more executable memory",
                    "remove it"),
            new Reserved(Pattern.compile("-XX:[+-]Use[A-Za-z0-9]*GC"),
                    "Kiln selects the serial collector (small heaps, one loop thread; the AOT cache is trained with it)",
                    "remove it"),
            new Reserved(Pattern.compile("--?enable-native-access.*"),
                    "Kiln enables native access itself (its platform layer uses FFM)", "remove it"),
            new Reserved(Pattern.compile("-XX:[+-]UsePerfData"),
                    "Kiln turns perf data off: a sealed JVM cannot delete its /tmp/hsperfdata file", "remove it"),
            new Reserved(Pattern.compile("-XX:(SharedBaseAddress|HeapBaseMinAddress)=.*"),
                    "the image's per-build layout seed chooses it", "remove it (kiln build --seed N picks a layout)"),
            new Reserved(Pattern.compile("-XX:(AOTCache|AOTCacheOutput|AOTConfiguration|AOTMode|SharedArchiveFile)=.*"),
                    "the image's launcher manages the AOT cache", "remove it (KILN_AOT=off boots an image without its cache)"),
            new Reserved(Pattern.compile("-XX:(Flags|VMOptionsFile)=.*"),
                    "it reads options from a file the image does not carry", "list the options on this line instead"),
            new Reserved(Pattern.compile("-XX:(OnError|OnOutOfMemoryError)=.*"),
                    "it runs a program, and a sealed appliance cannot (exec is refused)", "remove it"),
            new Reserved(Pattern.compile("-XX:(StartFlightRecording|FlightRecorderOptions)=?.*"),
                    "JFR writes files, and a sealed appliance cannot", "profile with KILN_JAVA_OPTS and --no-seal instead"),
            new Reserved(Pattern.compile("-Dkiln\\..*|-Djava\\.lang\\.invoke\\.MethodHandle\\.CUSTOMIZE_THRESHOLD=.*"),
                    "Kiln sets this property itself (kiln.seal.rehearse, for one, would leave the appliance unsealed)",
                    "remove it"));

    private JvmOptions() {}

    /** The options on {@code e}'s line, each checked; problems name the line, the option and the fix. */
    static List<String> validate(Check c, Entry e) {
        List<String> words = DescriptorLines.words(e.value());
        if (words.isEmpty()) {
            c.problem(e, "jvm-options= lists no options", "give options separated by spaces, " + EXAMPLE + ", or remove the line");
            return List.of();
        }
        if (words.size() > OPTIONS_MAX) {
            c.problem(e, "jvm-options= lists " + words.size() + " options, more than " + OPTIONS_MAX, "keep the ones the appliance needs");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String w : words) {
            Refusal r = refusal(w);
            if (r == null) out.add(w);
            else c.problem(e, r.message(), r.fix());
        }
        return out;
    }

    /** Why an option is refused, and what to do. */
    record Refusal(String message, String fix) {}

    /** Why {@code option} is refused, or null if it is accepted. */
    static Refusal refusal(String option) {
        String shown = "'" + DescriptorLines.clip(option) + "'";
        if (option.length() > OPTION_CHARS_MAX) {
            return new Refusal("JVM option " + shown + " is longer than " + OPTION_CHARS_MAX + " characters", "shorten it");
        }
        for (Reserved r : RESERVED) {
            if (r.option().matcher(option).matches()) return new Refusal("JVM option " + shown + " is not allowed here: " + r.why(), r.fix());
        }
        if (!ACCEPTED.matcher(option).matches()) {
            return new Refusal("JVM option " + shown + " is not one jvm-options= takes", "give " + KINDS
                    + ", separated by spaces (values: letters, digits and . , : / + = @ % * _ -), " + EXAMPLE);
        }
        return null;
    }
}
