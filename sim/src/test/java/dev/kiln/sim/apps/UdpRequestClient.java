package dev.kiln.sim.apps;

import dev.kiln.net.NetStack;
import dev.kiln.net.UdpSocket;
import dev.kiln.platform.Agent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Application logic for a simulated client node: sends each request (UDP) to a server, retransmits
 * unanswered ones with exponential backoff, and checks every datagram that comes back against the
 * expected responses. A response is <em>right</em> if it is byte for byte the expected response of
 * one of our requests (responses are matched by payload, so the expected responses must differ);
 * anything else is <em>wrong</em> and breaks the safety invariant. Duplicates are fine (UDP).
 *
 * <p>Runs as an {@link Agent} after the node's stack: its deadlines are its retransmissions.
 */
public final class UdpRequestClient implements Agent {
    private final UdpSocket socket;
    private final int serverAddr, serverPort;
    private final List<byte[]> requests;
    private final Map<ByteBuffer, Integer> expected = new HashMap<>();
    private final long[] retryAt, rto;
    private final boolean[] done;
    private final long rtoInitialNs, rtoMaxNs;
    private final MemorySegment tx;
    private int answered;
    private long wrong, duplicates, sends, sendRefused, retransmits;
    private String firstWrong;

    /**
     * @param stack        the client node's stack (the socket is bound on it)
     * @param localPort    the client's UDP port
     * @param requests     request payloads, in order
     * @param responses    the expected response of each request (distinct)
     * @param startNs      when the first request goes out; the others follow {@code spacingNs} apart
     */
    public UdpRequestClient(NetStack stack, int localPort, int serverAddr, int serverPort,
                            List<byte[]> requests, List<byte[]> responses, long startNs, long spacingNs,
                            long rtoInitialNs, long rtoMaxNs) {
        if (requests.size() != responses.size()) throw new IllegalArgumentException("one expected response per request");
        this.serverAddr = serverAddr;
        this.serverPort = serverPort;
        this.requests = requests;
        this.rtoInitialNs = rtoInitialNs;
        this.rtoMaxNs = rtoMaxNs;
        int n = requests.size();
        retryAt = new long[n];
        rto = new long[n];
        done = new boolean[n];
        int max = 0;
        for (int i = 0; i < n; i++) {
            if (expected.put(ByteBuffer.wrap(responses.get(i)), i) != null) {
                throw new IllegalArgumentException("expected responses must differ (request " + i + ")");
            }
            retryAt[i] = startNs + i * spacingNs;
            rto[i] = rtoInitialNs;
            max = Math.max(max, requests.get(i).length);
        }
        tx = Arena.ofAuto().allocate(Math.max(1, max));
        socket = stack.udpBind(localPort, (s, src, srcPort, payload, reply) -> {
            onResponse(src, srcPort, payload);
            return 0;
        });
    }

    private void onResponse(int src, int srcPort, MemorySegment payload) {
        byte[] got = payload.toArray(ValueLayout.JAVA_BYTE);
        Integer i = src == serverAddr && srcPort == serverPort ? expected.get(ByteBuffer.wrap(got)) : null;
        if (i == null) {
            wrong++;
            if (firstWrong == null) firstWrong = got.length + "-byte datagram from " + dev.kiln.net.Ipv4.format(src) + ":" + srcPort
                    + " matches no expected response" + closest(got);
            return;
        }
        if (done[i]) {
            duplicates++;
        } else {
            done[i] = true;
            answered++;
        }
    }

    private String closest(byte[] got) {
        for (Map.Entry<ByteBuffer, Integer> e : expected.entrySet()) {
            byte[] want = e.getKey().array();
            if (want.length != got.length) continue;
            int diff = 0, first = -1;
            for (int k = 0; k < got.length; k++) if (got[k] != want[k]) { diff++; if (first < 0) first = k; }
            if (diff <= 4) return " (request " + e.getValue() + "'s differs in " + diff + " bytes from offset " + first + ")";
        }
        return "";
    }

    @Override
    public int doWork(long nowNs) {
        int work = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (done[i] || retryAt[i] > nowNs) continue;
            byte[] q = requests.get(i);
            MemorySegment.copy(q, 0, tx, ValueLayout.JAVA_BYTE, 0, q.length);
            if (rto[i] > rtoInitialNs) retransmits++;
            sends++;
            if (!socket.sendTo(serverAddr, serverPort, tx, q.length)) sendRefused++;
            retryAt[i] = nowNs + rto[i];
            rto[i] = Math.min(rto[i] * 2, rtoMaxNs);
            work++;
        }
        return work;
    }

    @Override
    public long pollAtNs() {
        long at = NEVER;
        for (int i = 0; i < requests.size(); i++) if (!done[i] && retryAt[i] < at) at = retryAt[i];
        return at;
    }

    public int answered() { return answered; }

    public int requestCount() { return requests.size(); }

    public boolean allAnswered() { return answered == requests.size(); }

    /** Requests still waiting for an answer. */
    public int outstanding() { return requests.size() - answered; }

    public long wrong() { return wrong; }

    public long duplicates() { return duplicates; }

    public long sends() { return sends; }

    public long sendRefused() { return sendRefused; }

    public long retransmits() { return retransmits; }

    /** For {@code Simulation.invariant}: null while every response was right. */
    public String firstWrong() {
        return wrong == 0 ? null : wrong + " wrong responses; first: " + firstWrong;
    }

    @Override
    public String toString() {
        return "answered " + answered + "/" + requests.size() + ", sends " + sends + " (refused " + sendRefused
                + ", retransmits " + retransmits + "), duplicates " + duplicates + ", wrong " + wrong;
    }
}
