package dev.kiln.net.tcp;

/**
 * CUBIC (RFC 9438), the default: after a loss the window follows W_cubic(t) = C(t - K)^3 + W_max
 * (§4.2, concave up to W_max, convex beyond), never below the Reno-friendly estimate W_est (§4.3),
 * with β = 0.7 (§4.6), fast convergence (§4.7) and the standard slow start and recovery inherited
 * from {@link NewReno} (§4.8, §4.10). Windows in the formulas are in segments, t in seconds.
 * Spurious-loss undo (§4.9) restores W_max too ({@code Undo}, RFC 4015). Not implemented: HyStart++ (optional), ECN reductions.
 */
public final class Cubic extends NewReno {
    static final double C = 0.4, BETA = 0.7, ALPHA = 3 * (1 - BETA) / (1 + BETA);
    private double wMax, wMaxBefore, cwndPrior, k, wEst, cwndEpoch, cwndSegs;
    private long epochNs, rttNs;
    private boolean epochStarted;

    public Cubic(int mss) {
        super(mss);
    }

    /** W_cubic(t) (RFC 9438 eq. 1). */
    static double wCubic(double tSec, double wMax, double k) {
        double d = tSec - k;
        return C * d * d * d + wMax;
    }

    /** K (RFC 9438 eq. 2): the time to climb from cwnd_epoch back to W_max. */
    static double k(double wMax, double cwndEpoch) {
        return wMax > cwndEpoch ? Math.cbrt((wMax - cwndEpoch) / C) : 0;
    }

    @Override
    protected int ssthresholdOnLoss(int flightBytes, long nowNs) {
        double segs = (double) cwnd / mss;
        wMaxBefore = wMax;
        wMax = segs < wMax ? segs * (1 + BETA) / 2 : segs; // §4.7 fast convergence
        cwndPrior = segs;
        epochStarted = false; // the next congestion-avoidance ACK starts a new epoch
        return (int) (flightBytes * BETA); // §4.6
    }

    /** RFC 9438 §4.9 with RFC 4015: the spurious reduction's fast convergence is forgotten; a new epoch starts. */
    @Override
    protected void undoGrowth() {
        wMax = Math.max(wMaxBefore, (double) cwnd / mss);
        epochStarted = false;
    }

    @Override
    protected void congestionAvoidance(int bytesAcked, long rttNs, long nowNs) {
        if (rttNs > 0) this.rttNs = rttNs;
        if ((int) (cwndSegs * mss) != cwnd) cwndSegs = (double) cwnd / mss; // changed by recovery or slow start
        if (!epochStarted) {
            epochStarted = true;
            epochNs = nowNs;
            cwndEpoch = cwndSegs;
            if (wMax < cwndEpoch) wMax = cwndEpoch; // no loss yet, or above the old maximum
            k = k(wMax, cwndEpoch);
            wEst = cwndEpoch;
        }
        double acked = (double) bytesAcked / mss;
        double t = (nowNs - epochNs) / 1e9;
        wEst += (wEst >= cwndPrior ? 1 : ALPHA) * acked / cwndSegs; // §4.3
        double wT = wCubic(t, wMax, k);
        if (wT < wEst) {
            cwndSegs = Math.max(cwndSegs, wEst); // Reno-friendly region
        } else {
            double target = Math.min(1.5 * cwndSegs, Math.max(cwndSegs, wCubic(t + this.rttNs / 1e9, wMax, k)));
            cwndSegs += (target - cwndSegs) / cwndSegs * acked; // concave or convex region
        }
        cwndSegs = Math.min(cwndSegs, (double) CWND_MAX / mss);
        cwnd = Math.max(mss, (int) (cwndSegs * mss));
    }

    /** W_max in segments (for tests and counters). */
    public double wMaxSegments() { return wMax; }

    /** K in seconds of the current epoch. */
    public double kSeconds() { return k; }
}
