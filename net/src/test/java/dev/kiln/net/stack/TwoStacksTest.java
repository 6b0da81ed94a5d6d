package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.UdpSocket;
import dev.kiln.net.wire.Mac;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two KilnStacks on one in-memory link, as the simulator wires them: ARP, UDP both ways, ping-free. */
class TwoStacksTest {

    @Test
    void clientResolvesServerAndGetsAnswers() {
        LinkedDevices link = new LinkedDevices(Mac.parse("02:00:00:00:00:0a"), Mac.parse("02:00:00:00:00:0b"));
        KilnStack server = KilnStack.create(link.a, StackConfig.builder("192.0.2.53/24").build(), new SeededEntropy(1));
        KilnStack client = KilnStack.create(link.b, StackConfig.builder("192.0.2.100/24").build(), new SeededEntropy(2));
        server.udpBind(53, (s, src, port, payload, reply) -> {
            int n = (int) payload.byteSize();
            for (int i = 0; i < n; i++) reply.set(ValueLayout.JAVA_BYTE, n - 1 - i, payload.get(ValueLayout.JAVA_BYTE, i));
            return n;
        });
        List<String> answers = new ArrayList<>();
        UdpSocket c = client.udpBind(0, (s, src, port, payload, reply) -> {
            assertEquals(Ipv4.parse("192.0.2.53"), src);
            assertEquals(53, port);
            answers.add(new String(payload.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            return 0;
        });
        long now = 0;
        server.doWork(now);
        client.doWork(now);
        for (int i = 0; i < 5; i++) {
            byte[] q = ("query" + i).getBytes(StandardCharsets.US_ASCII);
            assertTrue(c.sendTo(Ipv4.parse("192.0.2.53"), 53, MemorySegment.ofArray(q), q.length));
        }
        for (int turn = 0; turn < 10 && answers.size() < 5; turn++) {
            now += 1_000_000;
            server.doWork(now);
            client.doWork(now);
        }
        assertEquals(List.of("0yreuq", "1yreuq", "2yreuq", "3yreuq", "4yreuq"), answers);
        assertEquals(1, client.counter(Counter.TX_ARP_REQUESTS) - 1, "one resolution for five datagrams");
        assertEquals(0, client.counters().entrySet().stream().filter(e -> e.getKey().startsWith("drop.")).mapToLong(e -> e.getValue()).sum());
        assertEquals(0, server.counters().entrySet().stream().filter(e -> e.getKey().startsWith("drop.")).mapToLong(e -> e.getValue()).sum(),
                () -> "server drops: " + server.counters());
        server.close();
        client.close();
    }
}
