package dev.kiln.sim.tcp;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.sim.Simulation;
import java.lang.foreign.MemorySegment;

/**
 * A legitimate client that keeps dialling: from {@code startNs}, it connects; when an attempt is
 * refused or times out it tries again {@code retryNs} later, until one is established (then it
 * closes it in order). Records when it first got in.
 */
final class Dialer implements TcpHandler {
    private final Simulation sim;
    private final KilnStack stack;
    private final int ip, port;
    private final long retryNs;
    long attempts, refused, timedOut, establishedAtNs = -1;

    Dialer(Simulation sim, KilnStack stack, int ip, int port, long startNs, long retryNs) {
        this.sim = sim;
        this.stack = stack;
        this.ip = ip;
        this.port = port;
        this.retryNs = retryNs;
        sim.at(startNs, this::dial);
    }

    private void dial() {
        attempts++;
        stack.tcpConnect(ip, port, TcpOptions.defaults().withRxBufferBytes(4096).withTxBufferBytes(4096), this);
    }

    boolean established() { return establishedAtNs >= 0; }

    @Override
    public void onAccepted(TcpConnection c, long nowNs) {
        if (establishedAtNs < 0) establishedAtNs = nowNs;
        c.close();
    }

    @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }

    @Override
    public void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) {
        if (reason == TcpCloseReason.REFUSED) refused++;
        if (reason == TcpCloseReason.TIMED_OUT) timedOut++;
        if (establishedAtNs < 0) sim.at(nowNs + retryNs, this::dial);
    }

    @Override
    public String toString() {
        return "dialer[" + attempts + " attempts, " + refused + " refused, " + timedOut + " timed out, "
                + (established() ? "in at t=" + establishedAtNs : "never in") + "]";
    }
}
