package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.configure.NetDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** kiln run's host port: --port, else the appliance's net.net0.listen port, else by kind (web 8080, DNS 5353). */
class PortDefaultTest {
    static NetDevice net0(String listen) { return new NetDevice("net0", "192.0.2.2/24", null, "kiln0", listen, 1); }

    static TargetOptions parse(String... args) {
        TargetOptions o = new TargetOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void theAppliancesOwnPortUnlessGiven() {
        assertEquals(8080, parse().port(net0("127.0.0.1:8080"), true), "examples/www declares 127.0.0.1:8080");
        assertEquals(5353, parse().port(net0("127.0.0.1:5353"), false), "examples/dns declares 127.0.0.1:5353");
        assertEquals(8080, parse().port(net0(NetDevice.LISTEN_DEFAULT), true), "a web appliance without listen= gets 8080, not DNS's 5353");
        assertEquals(9053, parse().port(net0("0.0.0.0:9053"), false));
        assertEquals(5353, parse().port(net0("127.0.0.1"), false), "no port in listen: by kind");
        assertEquals(8080, parse().port(net0("127.0.0.1"), true), "no port in listen: by kind");
        assertEquals(9000, parse("--port", "9000").port(net0("127.0.0.1:8080"), true), "--port wins");
    }

    @Test
    void runHelpSaysWhereTheDefaultComesFrom() {
        StringWriter help = new StringWriter();
        CommandLine run = new CommandLine(new Kiln()).getSubcommands().get("run");
        run.usage(new PrintWriter(help));
        String text = help.toString().replaceAll("\\s+", " ");
        assertTrue(text.contains("the port of its descriptor's net.net0.listen (5353 for examples/dns, 8080 for examples/www)"), text);
        assertTrue(text.contains("A web appliance's HTTPS port. Default: 8443 on the host target"), text);
    }
}
