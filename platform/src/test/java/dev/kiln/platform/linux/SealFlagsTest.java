package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The code-cache flag check that keeps a sealed JVM from dying at its first code-cache growth. */
class SealFlagsTest {
    @Test
    void requiredFlagsPass() {
        assertNull(Seal.checkJvmFlags(Seal.REQUIRED_JVM_FLAGS));
        assertNull(Seal.checkJvmFlags(List.of("-XX:ReservedCodeCacheSize=32M", "-XX:InitialCodeCacheSize=33554432")));
    }

    @Test
    void missingFlagsAreExplained() {
        String p = Seal.checkJvmFlags(List.of("-Xmx64m"));
        assertTrue(p.contains("-XX:ReservedCodeCacheSize=64m -XX:InitialCodeCacheSize=64m"), p);
        assertTrue(p.contains("commit the whole code cache at boot"), p);
        assertTrue(Seal.checkJvmFlags(List.of("-XX:ReservedCodeCacheSize=64m")).contains("started without"));
    }

    @Test
    void initialSmallerThanReservedIsRefused() {
        String p = Seal.checkJvmFlags(List.of("-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=16m"));
        assertTrue(p.contains("smaller than"), p);
        // the last occurrence wins, as in HotSpot
        assertNull(Seal.checkJvmFlags(List.of("-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=16m",
                "-XX:InitialCodeCacheSize=64m")));
    }

    @Test
    void malformedSizesAreRefused() {
        assertEquals(-1, Seal.size(""));
        assertEquals(-1, Seal.size("12x4"));
        assertEquals(-1, Seal.size("99999999999999999999g"));
        assertEquals(64L << 20, Seal.size("64m"));
        assertEquals(1L << 30, Seal.size("1G"));
        assertTrue(Seal.checkJvmFlags(List.of("-XX:ReservedCodeCacheSize=lots", "-XX:InitialCodeCacheSize=lots")) != null);
    }

    @Test
    void optionsStopAtTheMainClass() {
        var opts = Seal.jvmOptions(List.of("-cp", "a:b", "-XX:ReservedCodeCacheSize=64m", "Main",
                "-XX:InitialCodeCacheSize=64m"));
        assertEquals(List.of("-cp", "a:b", "-XX:ReservedCodeCacheSize=64m"), opts);
        assertTrue(Seal.checkJvmFlags(opts) != null, "program arguments must not count as JVM flags");
        assertEquals(List.of("-jar"), Seal.jvmOptions(List.of("-jar", "app.jar", "-XX:InitialCodeCacheSize=1m")));
    }

    @Test
    void thisJvmsArgumentsAreReadable() {
        // surefire's forked JVM gets the parent pom's argLine on its command line
        List<String> args = Seal.jvmArguments();
        assertTrue(args.contains("--enable-native-access=ALL-UNNAMED"), args.toString());
        assertTrue(Seal.checkJvmFlags(args) != null, "surefire's JVM does not commit its code cache: " + args);
    }
}
