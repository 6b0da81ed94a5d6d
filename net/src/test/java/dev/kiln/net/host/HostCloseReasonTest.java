package dev.kiln.net.host;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpCloseReason;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The kernel's errors (as the JDK words them) in the contract's terms, as Kiln's stack reports the same causes. */
class HostCloseReasonTest {
    @Test
    void kernelErrorsMapToTheContractsReasons() {
        assertEquals(TcpCloseReason.REFUSED, HostTcpConnection.reasonOf(new IOException("Connection refused")));
        assertEquals(TcpCloseReason.TIMED_OUT, HostTcpConnection.reasonOf(new IOException("Connection timed out")), "ETIMEDOUT: also keep-alive");
        assertEquals(TcpCloseReason.UNREACHABLE, HostTcpConnection.reasonOf(new IOException("No route to host")));
        assertEquals(TcpCloseReason.UNREACHABLE, HostTcpConnection.reasonOf(new IOException("Network is unreachable")));
        assertEquals(TcpCloseReason.RESET, HostTcpConnection.reasonOf(new IOException("Connection reset by peer")));
        assertEquals(TcpCloseReason.RESET, HostTcpConnection.reasonOf(new IOException((String) null)));
    }
}
