package dev.kiln.net.stack;

import dev.kiln.net.tcp.Tcb;
import java.util.Map;

/**
 * TCP loss-recovery totals for the stack's counters: retransmitted payload bytes, fast recoveries, retransmission
 * timeouts, tail loss probes and undone reductions. The connections count their own ({@link Tcb}); these add them
 * up, so an operator sees at once whether a slow transfer lost packets.
 */
final class RecoveryTotals {
    private long retransmittedBytes, recoveries, timeouts, lossProbes, undos;

    void add(Tcb t) {
        retransmittedBytes += t.retransmittedBytes();
        recoveries += t.recoveries();
        timeouts += t.timeouts();
        lossProbes += t.lossProbes();
        undos += t.undos();
    }

    void add(RecoveryTotals o) {
        retransmittedBytes += o.retransmittedBytes;
        recoveries += o.recoveries;
        timeouts += o.timeouts;
        lossProbes += o.lossProbes;
        undos += o.undos;
    }

    void into(Map<String, Long> m) {
        m.put("tcp.retransmitted_bytes", retransmittedBytes);
        m.put("tcp.recoveries", recoveries);
        m.put("tcp.timeouts", timeouts);
        m.put("tcp.loss_probes", lossProbes);
        m.put("tcp.undos", undos);
    }
}
