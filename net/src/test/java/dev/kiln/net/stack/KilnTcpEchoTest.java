package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCP between two KilnStacks in memory: a listener echoing, a client connecting with tcpConnect. */
class KilnTcpEchoTest {
    static String text(MemorySegment d) { return new String(d.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII); }

    @Test
    void clientConnectsSendsAndGetsTheEchoThenBothClose() {
        try (StackPair p = new StackPair()) {
            List<String> server = new ArrayList<>(), client = new ArrayList<>();
            TcpListener l = p.server.tcpListen(7, TcpOptions.defaults(), new TcpHandler() {
                @Override public void onAccepted(TcpConnection c, long nowNs) { server.add("accepted"); }
                @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) {
                    server.add("readable " + text(d));
                    return c.write(d, 0, (int) d.byteSize());
                }
                @Override public void onPeerClosed(TcpConnection c, long nowNs) { server.add("peerClosed"); c.close(); }
                @Override public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) { server.add("closed " + r); }
            });
            StringBuilder got = new StringBuilder();
            TcpConnection c = p.client.tcpConnect(StackPair.SERVER_IP, 7, TcpOptions.defaults(), new TcpHandler() {
                @Override public void onAccepted(TcpConnection c, long nowNs) {
                    client.add("established");
                    c.write(MemorySegment.ofArray("hello".getBytes(StandardCharsets.US_ASCII)), 0, 5);
                }
                @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) {
                    got.append(text(d));
                    if (got.length() == 5) c.close();
                    return (int) d.byteSize();
                }
                @Override public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) { client.add("closed " + r); }
            });
            p.runUntil(() -> client.contains("closed CLOSED") && server.contains("closed CLOSED"));
            assertEquals("hello", got.toString());
            assertEquals(List.of("accepted", "readable hello", "peerClosed", "closed CLOSED"), server);
            assertEquals(List.of("established", "closed CLOSED"), client);
            assertEquals(StackPair.SERVER_IP, c.remoteAddress());
            assertEquals(7, c.remotePort());
            assertTrue(c.localPort() >= 49152, "an ephemeral port: " + c.localPort());
            assertEquals(0, l.connections());
            assertEquals(0, p.server.counters().entrySet().stream().filter(e -> e.getKey().startsWith("drop.")).mapToLong(e -> e.getValue()).sum(),
                    () -> "server drops: " + p.server.counters());
        }
    }
}
