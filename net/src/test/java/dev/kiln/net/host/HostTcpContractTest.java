package dev.kiln.net.host;

import dev.kiln.net.Ipv4;
import dev.kiln.net.NetStack;
import dev.kiln.net.TcpContractTest;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;

/** The TCP contract on the host target: one HostStack on 127.0.0.1 is both server and client; the test thread is the loop. */
class HostTcpContractTest extends TcpContractTest {
    final HostStack stack = HostStack.open("127.0.0.1");

    @AfterEach
    void close() { stack.close(); }

    @Override protected NetStack server() { return stack; }
    @Override protected NetStack client() { return stack; }
    @Override protected int serverAddress() { return Ipv4.parse("127.0.0.1"); }
    @Override protected int clientAddress() { return Ipv4.parse("127.0.0.1"); }
    @Override protected void turnUntil(BooleanSupplier done) { HostStackTest.turnUntil(stack, done); }

    @Override
    protected void passTime(long ns) {
        long end = System.nanoTime() + ns;
        while (System.nanoTime() < end) {
            stack.readiness().await(Math.max(1, Math.min(5_000_000L, end - System.nanoTime())));
            stack.doWork(System.nanoTime());
        }
    }
}
