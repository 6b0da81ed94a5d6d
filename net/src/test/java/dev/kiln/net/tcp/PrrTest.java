package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** RFC 6937 Proportional Rate Reduction, the arithmetic: a flight of 20 segments of 1000 bytes, ssthresh 14 segments. */
class PrrTest {
    static final int MSS = 1000, FLIGHT = 20 * MSS, SSTHRESH = 14 * MSS;

    /** Sends whole segments while the pipe is below PRR's window; returns the bytes sent. */
    static int send(Prr prr, int[] pipe) {
        int sent = 0;
        while (prr.cwnd - pipe[0] >= MSS) {
            prr.onSent(MSS);
            pipe[0] += MSS;
            sent += MSS;
        }
        return sent;
    }

    @Test
    void oneLossSpreadsTheReductionOverTheRoundTrip() {
        Prr prr = new Prr();
        prr.start(FLIGHT);
        int[] pipe = {FLIGHT - MSS}; // one segment lost
        prr.onSent(MSS); // the fast retransmit goes regardless (RFC 6675 §5 step 3)
        pipe[0] += MSS;
        prr.update(pipe[0], SSTHRESH, MSS);
        assertEquals(0, send(prr, pipe), "nothing more at once: the pipe is above ssthresh");
        int sent = MSS, most = 0;
        for (int ack = 0; ack < 19; ack++) { // the other 19 segments are acknowledged one by one
            prr.onDelivered(MSS);
            pipe[0] -= MSS;
            prr.update(pipe[0], SSTHRESH, MSS);
            int now = send(prr, pipe);
            most = Math.max(most, now);
            sent += now;
        }
        assertEquals(MSS, most, "RFC 6937: at most one segment per ACK here, no burst");
        assertTrue(Math.abs(sent - SSTHRESH * 19 / 20) <= MSS, "sending follows delivery by ssthresh / RecoverFS: " + sent);
    }

    @Test
    void afterHeavyLossesSlowStartReductionBoundRefills() {
        Prr prr = new Prr();
        prr.start(FLIGHT);
        int[] pipe = {4 * MSS}; // 16 of 20 lost: the pipe is far below ssthresh
        prr.onDelivered(MSS);
        prr.update(pipe[0], SSTHRESH, MSS);
        assertEquals(2 * MSS, send(prr, pipe), "PRR-SSRB: what was delivered plus one MSS");
        prr.onDelivered(MSS);
        pipe[0] -= MSS;
        prr.update(pipe[0], SSTHRESH, MSS);
        assertEquals(2 * MSS, send(prr, pipe), "again at most DeliveredData + MSS: the pipe grows by one per ACK");
    }
}
