package dev.kiln.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run-time arguments: declared ones with defaults, flags, the fixed options, and errors that list what is accepted. */
class RunArgsTest {
    private static final Map<String, String> DECLARED = Appliance.args("seal", "true", "port", "53");

    @Test
    void defaultsUnlessGiven() {
        RunArgs a = RunArgs.parse(new String[0], DECLARED);
        assertTrue(a.flag("seal"));
        assertEquals(53, a.integer("port", 1, 65535));
        assertFalse(a.given("port"));
    }

    @Test
    void flagsValuesAndTheLastOneWins() {
        RunArgs a = RunArgs.parse(new String[] {"--no-seal", "--port", "5353", "--target", "tap", "--target", "host", "--zones", "z.kzone"}, DECLARED);
        assertFalse(a.flag("seal"));
        assertTrue(a.given("seal"));
        assertEquals(5353, a.integer("port", 1, 65535));
        assertEquals("host", a.get("target"));
        assertEquals("z.kzone", a.get("zones"));
    }

    @Test
    void mistakesSayWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunArgs.parse(new String[] {"--prot", "1"}, DECLARED));
        assertTrue(e.getMessage().contains("unknown option --prot") && e.getMessage().contains("--port VALUE   (default 53)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunArgs.parse(new String[] {"--port"}, DECLARED));
        assertThrows(IllegalArgumentException.class, () -> RunArgs.parse(new String[] {"stray"}, DECLARED));
        RunArgs bad = RunArgs.parse(new String[] {"--port", "99999"}, DECLARED);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bad.integer("port", 1, 65535)).getMessage().contains("1-65535"));
    }

    @Test
    void tcpCongestionControlIsChosenByName() {
        RunArgs a = RunArgs.parse(new String[] {"--tcp-congestion", "bbr"}, DECLARED);
        assertEquals("bbr", a.get("tcp-congestion"), "a fixed option every appliance has");
        assertTrue(Appliance.tcpConfig("net0", "bbr").bbr());
        assertTrue(Appliance.tcpConfig("net0", "cubic").cubic() && !Appliance.tcpConfig("net0", "cubic").bbr());
        assertFalse(Appliance.tcpConfig("net0", "newreno").cubic() || Appliance.tcpConfig("net0", "newreno").bbr());
        assertEquals(dev.kiln.net.stack.KilnStack.TCP_DEFAULT.noDelay(), Appliance.tcpConfig("net0", "bbr").noDelay(), "the rest as Kiln's defaults");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Appliance.tcpConfig("net0", "vegas"));
        assertEquals("net0: --tcp-congestion takes cubic, newreno or bbr, not 'vegas'", e.getMessage());
    }
}
