package dev.kiln.net.stack;

import dev.kiln.net.NetStack;
import dev.kiln.net.TcpContractTest;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;

/** The TCP contract on Kiln's own stack: two KilnStacks back to back in memory on a virtual clock. */
class KilnTcpContractTest extends TcpContractTest {
    final StackPair pair = new StackPair();

    @AfterEach
    void close() { pair.close(); }

    @Override protected NetStack server() { return pair.server; }
    @Override protected NetStack client() { return pair.client; }
    @Override protected int serverAddress() { return StackPair.SERVER_IP; }
    @Override protected int clientAddress() { return StackPair.CLIENT_IP; }
    @Override protected void turnUntil(BooleanSupplier done) { pair.runUntil(done); }
    @Override protected void passTime(long ns) { pair.runFor(ns); }
}
