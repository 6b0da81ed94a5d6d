package dev.kiln.examples.bulk;

import dev.kiln.appliance.Appliance;
import dev.kiln.appliance.Net;
import dev.kiln.net.NetStack;
import dev.kiln.net.TcpOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * The bulk TCP appliance's application: sink, echo, source and push (see the package documentation) on
 * four ports of {@code net0}, over the TCP API only, so it runs on the host and tap targets alike.
 *
 * <pre>
 *   net0 (KilnStack on TAP, or HostStack) ─▶ TCP :sink-port   ─▶ SinkHandler   (count at FIN)
 *                                          ├▶ TCP :echo-port   ─▶ EchoHandler   (bytes back)
 *                                          ├▶ TCP :source-port ─▶ SourceHandler (N pattern bytes)
 *                                          └▶ TCP :push-port   ─▶ PushHandler   (tcpConnect back, N pattern bytes)
 * </pre>
 */
public final class BulkAppliance {
    /** Run-time arguments and their defaults. {@code buffer-kib}: each connection's receive and send buffer. */
    public static final Map<String, String> ARGS = Appliance.args("sink-port", "9", "echo-port", "7", "source-port", "19", "push-port", "20",
            "buffer-kib", "256", "seal", "false");
    /** Open connections per service. */
    static final int CONNECTIONS_MAX = 16;

    private BulkAppliance() {}

    /** The TCP limits of every service: {@code bufferBytes} each way per connection, {@value #CONNECTIONS_MAX} connections. */
    public static TcpOptions options(int bufferBytes) {
        return TcpOptions.defaults().withBacklog(CONNECTIONS_MAX).withConnectionsMax(CONNECTIONS_MAX)
                .withRxBufferBytes(bufferBytes).withTxBufferBytes(bufferBytes)
                .withBuffersBytesMax(2L * CONNECTIONS_MAX * bufferBytes);
    }

    /**
     * Listens with the three services on {@code net}; the ports and buffer size come from the run-time
     * arguments. Registers the banner line.
     */
    public static void start(Appliance appliance, NetStack net) {
        int sink = appliance.args().integer("sink-port", 1, 65535);
        int echo = appliance.args().integer("echo-port", 1, 65535);
        int source = appliance.args().integer("source-port", 1, 65535);
        int push = appliance.args().integer("push-port", 1, 65535);
        int bufferBytes = appliance.args().integer("buffer-kib", 1, 64 * 1024) * 1024;
        if (java.util.stream.IntStream.of(sink, echo, source, push).distinct().count() < 4) {
            throw new IllegalArgumentException("--sink-port, --echo-port, --source-port and --push-port must differ (got "
                    + sink + ", " + echo + ", " + source + ", " + push + ")");
        }
        try {
            listen(net, options(bufferBytes), sink, echo, source, push);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException(e.getMessage() + ": run the bulk appliance on a target with TCP (--target host)");
        }
        appliance.line("serving", "TCP sink :" + sink + ", echo :" + echo + ", source :" + source + ", push :" + push
                + " (" + bufferBytes / 1024 + " KiB buffers each way, " + CONNECTIONS_MAX + " connections per service)");
    }

    /** The wiring, without an {@link Appliance} (tests drive a stack themselves). */
    public static void listen(NetStack net, TcpOptions options, int sinkPort, int echoPort, int sourcePort, int pushPort) {
        net.tcpListen(sinkPort, options, new SinkHandler());
        net.tcpListen(echoPort, options, new EchoHandler());
        net.tcpListen(sourcePort, options, new SourceHandler());
        net.tcpListen(pushPort, options, new PushHandler(net, options));
    }

    /**
     * Boots the appliance as a generated main would, on the target {@code --target} names: for example
     * {@code --target tap --tap ktap0 --address 192.0.2.2/24 --seal} or {@code --target host --listen 127.0.0.1}.
     */
    public static void main(String[] argv) {
        Appliance.main("bulk", null, argv, ARGS, a -> {
            Net net0 = a.target().equals("tap") ? a.tap("net0", "kiln0", "192.0.2.2/24", null) : a.host("net0", "127.0.0.1");
            start(a, net0.stack());
            a.serve(net0);
        });
    }
}
