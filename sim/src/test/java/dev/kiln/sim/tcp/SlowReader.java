package dev.kiln.sim.tcp;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads {@code chunk} bytes per {@code periodNs} and no more: takes a chunk, pauses reading, and
 * resumes at its timer. Checks each byte against the pattern stream {@code key} ({@link Transfer#at}).
 */
final class SlowReader implements TcpHandler {
    private final long key;
    private final int chunk;
    private final long periodNs;
    long received;
    String wrong;

    SlowReader(long key, int chunk, long periodNs) {
        this.key = key;
        this.chunk = chunk;
        this.periodNs = periodNs;
    }

    @Override public void onAccepted(TcpConnection c, long nowNs) { c.timerAt(nowNs + periodNs); }

    @Override
    public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
        int n = (int) Math.min(chunk, data.byteSize());
        for (int i = 0; i < n && wrong == null; i++) {
            byte b = data.get(ValueLayout.JAVA_BYTE, i), want = Transfer.at(key, received + i);
            if (b != want) wrong = "byte " + (received + i) + " is " + b + ", sent " + want;
        }
        received += n;
        c.pauseReading();
        return n;
    }

    @Override
    public void onTimer(TcpConnection c, long nowNs) {
        c.resumeReading();
        c.timerAt(nowNs + periodNs);
    }

}
