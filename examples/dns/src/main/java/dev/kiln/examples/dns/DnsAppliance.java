package dev.kiln.examples.dns;

import dev.kiln.appliance.Appliance;
import dev.kiln.appliance.Net;
import dev.kiln.dns.AuthServer;
import dev.kiln.dns.ServerConfig;
import dev.kiln.dns.tcp.DnsTcpConfig;
import dev.kiln.dns.tcp.DnsTcpServer;
import dev.kiln.dns.zone.ZoneSet;
import dev.kiln.net.NetStack;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.UdpSocket;

/**
 * The DNS appliance's application: an authoritative server for the baked zones on one port, over
 * UDP, and over TCP (RFC 7766) where the stack has TCP (the tap and host targets).
 * It opens no device and reads no file: {@code kiln build} generates the main that opens the
 * devices {@code appliance.properties} declares for the target, loads the baked zones and calls
 * {@link #start}.
 *
 * <pre>
 *   net0 (KilnStack on TAP, or HostStack) ─▶ UDP :port ─▶ AuthServer.answer ─▶ reply buffer
 *                                          └▶ TCP :port ─▶ DnsTcpSession (framing) ─▶ AuthServer.answer ─▶ send buffer
 * </pre>
 */
public final class DnsAppliance {
    private DnsAppliance() {}

    /**
     * The application's entry, called by the generated main: serves {@code zones} on {@code net0}
     * at the run-time argument {@code port}, and registers its banner lines and {@code dns.*} counters.
     */
    public static AuthServer start(Appliance appliance, NetStack net0, ZoneSet zones) {
        AuthServer server = new AuthServer(zones, ServerConfig.defaults());
        int port = appliance.args().integer("port", 1, 65535);
        serve(net0, server, port);
        String tcp;
        // On the host target a sealed appliance keeps accepting on this listener: Seal.sealAppliance
        // allows accept(2) on the sockets already listening when it seals, and on nothing else.
        // On the tap target TCP is Kiln's own, all on the TAP fd: no system call beyond read/write.
        try {
            DnsTcpServer tcpServer = new DnsTcpServer(server, DnsTcpConfig.defaults());
            serveTcp(net0, tcpServer, port);
            appliance.counters("dns.tcp.", tcpServer::counters);
            tcp = "TCP port " + port + " (RFC 7766; " + TCP_OPTIONS.connectionsMax() + " connections, idle "
                    + DnsTcpConfig.defaults().idleTimeoutNs() / 1_000_000_000L + " s)";
        } catch (UnsupportedOperationException e) {
            tcp = "TCP: not yet on " + appliance.target();
        }
        appliance.line("serving", "DNS on UDP port " + port + "; " + tcp);
        for (var z : zones.zones()) {
            appliance.line("zone", z.origin() + " (" + z.records() + " records)");
        }
        appliance.counters("dns.", server::counters);
        return server;
    }

    /**
     * The wiring of server to stack: answers every UDP datagram on {@code port} with
     * {@link AuthServer#answer}, straight into the stack's reply buffer. The simulator uses this too.
     */
    public static UdpSocket serve(NetStack stack, AuthServer server, int port) {
        return stack.udpBind(port, (socket, src, srcPort, query, reply) -> server.answer(query, reply, false));
    }

    /** The TCP limits the appliance listens with: DNS messages up to 65535 bytes each way fit the buffers. */
    static final TcpOptions TCP_OPTIONS = TcpOptions.defaults().withConnectionsMax(128).withBuffersBytesMax(128L * 2 * (DnsTcpConfig.PREFIX_LEN + DnsTcpConfig.MESSAGE_MAX))
            .withRxBufferBytes(DnsTcpConfig.PREFIX_LEN + DnsTcpConfig.MESSAGE_MAX)
            .withTxBufferBytes(DnsTcpConfig.PREFIX_LEN + DnsTcpConfig.MESSAGE_MAX);

    /**
     * DNS over TCP on {@code port}: every connection gets a {@link dev.kiln.dns.tcp.DnsTcpSession}.
     *
     * @throws UnsupportedOperationException if the stack has no TCP
     */
    public static TcpListener serveTcp(NetStack stack, DnsTcpServer server, int port) {
        return stack.tcpListen(port, TCP_OPTIONS, new DnsTcpHandler(server));
    }

    /**
     * The development entry (tests, {@code java -cp}): either target, chosen by {@code --target};
     * images and {@code kiln run} boot the generated main instead. For example
     * {@code --zones z.kzone --target tap --tap kiln0 --address 192.0.2.2/24 --seal} or
     * {@code --zones z.kzone --target host --listen 127.0.0.1:5353}.
     */
    public static void main(String[] argv) {
        Appliance.main("dns", null, argv, Appliance.args("port", "53", "seal", "false"), a -> {
            ZoneSet zones = a.load("zones", ZoneSet::load);
            Net net0 = a.target().equals("tap") ? a.tap("net0", "kiln0", "192.0.2.2/24", null)
                    : a.host("net0", "127.0.0.1:5353");
            start(a, net0.stack(), zones);
            a.serve(net0);
        });
    }
}
