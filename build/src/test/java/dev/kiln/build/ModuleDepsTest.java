package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleDepsTest {
    @Test
    void dnsApplianceNeedsJavaBaseAndJdkUnsupportedButNoDesktop() {
        List<String> modules = ModuleDeps.compute(Appliance.classPath());
        assertTrue(modules.contains("java.base"), modules::toString);
        assertTrue(modules.contains("jdk.unsupported"), "sun.misc.Signal (SIGUSR1 counters) lives there: " + modules);
        assertFalse(modules.contains("java.desktop"), modules::toString);
        assertFalse(modules.contains("java.logging"), modules::toString);
        assertEquals(modules.stream().sorted().toList(), modules, "sorted, so the image is reproducible");
    }

    @Test
    void emptyClassPathIsAUserError() {
        BuildException e = assertThrows(BuildException.class, () -> ModuleDeps.compute(List.of()));
        assertTrue(e.getMessage().contains("no application jars"), e.getMessage());
    }
}
