package dev.kiln.build;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/** What an AOT training run sends the appliance: DNS queries ({@link DnsProbe}) or HTTP requests ({@link HttpProbe}). */
interface TrainingProbe extends AutoCloseable {
    /** Asks until the first answer, the deadline, or {@code alive} turning false; nanoTime of the answer, or -1. */
    long untilFirstAnswer(long deadlineNanos, BooleanSupplier alive) throws IOException;

    /** Sends the {@code i}-th training request; its result code (RCODE, HTTP status), or -1 if none came in time. */
    int askTraining(int i, int timeoutMs) throws IOException;

    @Override
    void close();
}
