package dev.kiln.configure;

import static dev.kiln.configure.DescriptorText.GOOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvm-options=}: the accepted kinds pass in order; every refused class names the line, the option and why. */
class JvmOptionsTest {
    @TempDir
    Path dir;

    @Test
    void acceptedKindsAreKeptInOrder() {
        List<String> opts = List.of("-XX:PerMethodTrapLimit=0", "-XX:+UseCompressedOops", "-XX:-TieredCompilation",
                "-Dfoo.bar=baz", "-Dempty=", "-Xss512k", "-Xss1m", "-Xlog", "-Xlog:gc*=info:file=/tmp/gc.log:uptime,level",
                "-XX:CompileCommand=exclude,java/lang/String.indexOf", "-XX:+UnlockDiagnosticVMOptions");
        Descriptor d = parse(GOOD + "jvm-options=  " + String.join("  \t", opts) + "\n");
        assertEquals(opts, d.jvmOptions());
    }

    @Test
    void noLineMeansNoOptions() {
        assertEquals(List.of(), parse(GOOD).jvmOptions());
        assertEquals(List.of(), Descriptor.read(Examples.DNS).jvmOptions());
    }

    @Test
    void theWwwExampleHasNoneEither() {
        assertEquals(List.of(), Descriptor.read(Examples.WWW).jvmOptions(), "measured and left out: see its descriptor");
    }

    @Test
    void heapFlagsPointAtHeapMb() {
        for (String o : List.of("-Xmx1g", "-Xms64m", "-XX:MaxHeapSize=1g", "-XX:InitialHeapSize=64m")) {
            Problem p = only(GOOD + "jvm-options=-Xss1m " + o + "\n");
            assertEquals(4, p.line());
            assertTrue(p.render().contains("'" + o + "' is not allowed here: the heap size comes from heap-mb="), p.render());
            assertTrue(p.fix().contains("heap-mb=N"), p.render());
        }
    }

    @Test
    void flagsKilnSetsSayWhy() {
        assertRefused("-XX:ReservedCodeCacheSize=128m", "sealed JVM cannot map more executable memory");
        assertRefused("-XX:InitialCodeCacheSize=32m", "commits the whole code cache");
        assertRefused("-XX:+UseG1GC", "serial collector");
        assertRefused("-XX:+UseZGC", "serial collector");
        assertRefused("-XX:-UseSerialGC", "serial collector");
        assertRefused("--enable-native-access=ALL-UNNAMED", "enables native access itself");
        assertRefused("-XX:+UsePerfData", "hsperfdata");
        assertRefused("-XX:SharedBaseAddress=0x800000000", "layout seed");
        assertRefused("-XX:AOTCache=/tmp/x.aot", "manages the AOT cache");
        assertRefused("-XX:VMOptionsFile=/etc/opts", "reads options from a file");
        assertRefused("-Dkiln.seal.rehearse=true", "unsealed");
        assertRefused("-XX:OnOutOfMemoryError=/bin/kill", "exec is refused");
        assertRefused("-XX:StartFlightRecording=filename=/tmp/a.jfr", "JFR writes files");
    }

    @Test
    void otherKindsAreRefusedWithTheKindsThatWork() {
        for (String o : List.of("-Xint", "-server", "-XX:+Bad-Name", "-XX:Foo=", "-XX:Foo=$(id)", "-Dx='y'", "-Xss1q",
                "-agentlib:jdwp=transport=dt_socket", "-javaagent:a.jar", "XX:+Foo", "-Dfoo")) {
            Problem p = only(GOOD + "jvm-options=" + o + "\n");
            assertEquals(4, p.line());
            assertTrue(p.message().contains("is not one jvm-options= takes"), p.render());
            assertTrue(p.fix().contains("-XX:Name=value"), p.render());
        }
    }

    @Test
    void boundedInCountAndLength() {
        String many = "-Xlog ".repeat(JvmOptions.OPTIONS_MAX + 1);
        assertTrue(only(GOOD + "jvm-options=" + many + "\n").message().contains("more than 32"));
        assertEquals(JvmOptions.OPTIONS_MAX, parse(GOOD + "jvm-options=" + "-Xlog ".repeat(JvmOptions.OPTIONS_MAX) + "\n").jvmOptions().size());
        String longOne = "-Dk=" + "v".repeat(JvmOptions.OPTION_CHARS_MAX);
        assertTrue(only(GOOD + "jvm-options=" + longOne + "\n").message().contains("longer than 200"));
        assertTrue(only(GOOD + "jvm-options=\n").message().contains("lists no options"));
    }

    @Test
    void everyBadOptionIsReported() {
        ConfigureException e = assertThrows(ConfigureException.class, () -> parse(GOOD + "jvm-options=-Xmx1g -XX:+Ok -Xint\n"));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    /** What passes is one shell-safe word (the launcher is a shell script): a '-', then no quotes, dollars, backslashes, spaces or the like. */
    @Property(tries = 500)
    void acceptedOptionsAreOneShellSafeWord(@ForAll("optionLike") String option) {
        if (JvmOptions.refusal(option) == null) {
            assertTrue(option.matches("-[A-Za-z0-9_.,:/+=@%*-]{1,199}"), option);
        }
    }

    @Provide
    Arbitrary<String> optionLike() {
        Arbitrary<String> prefix = Arbitraries.of("-XX:+", "-XX:-", "-XX:", "-XX:Foo=", "-D", "-Dk=", "-Xss", "-Xlog", "-Xlog:", "-Xm", "--", "");
        Arbitrary<String> rest = Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(220),
                Arbitraries.strings().withChars("aZ09=.:,*+-$'\" \\").ofMaxLength(20)); // mostly accepted, now and then not
        return Combinators.combine(prefix, rest).as(String::concat);
    }

    private void assertRefused(String option, String why) {
        Problem p = only(GOOD + "jvm-options=" + option + "\n");
        assertEquals(4, p.line());
        assertTrue(p.message().contains("'" + option + "' is not allowed here"), p.render());
        assertTrue(p.message().contains(why), p.render());
    }

    private Descriptor parse(String text) {
        return DescriptorText.parse(dir, text);
    }

    private Problem only(String text) {
        return DescriptorText.only(dir, text);
    }
}
