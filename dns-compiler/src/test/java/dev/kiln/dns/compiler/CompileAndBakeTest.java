package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.dns.zone.ZoneImageWriter;
import dev.kiln.dns.zone.ZoneSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiler's output is what the image writer wants: compile → bake → load. */
class CompileAndBakeTest {

    @Test
    void exampleZonesBakeAndLoad() throws Exception {
        CompiledZones z = ZoneCompiler.compile(List.of(
                ZoneInput.of(Examples.zone("example.com.zone")), ZoneInput.of(Examples.zone("example.net.zone"))));
        ZoneSet set = ZoneSet.load(ZoneImageWriter.write(z.zones()));
        assertEquals(List.of(new ZoneSet.ZoneInfo("example.com.", 47), new ZoneSet.ZoneInfo("example.net.", 6)), set.zones());
    }
}
