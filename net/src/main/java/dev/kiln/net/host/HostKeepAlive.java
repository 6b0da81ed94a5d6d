package dev.kiln.net.host;

import dev.kiln.net.TcpKeepAlive;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * {@link dev.kiln.net.TcpConnection#keepAlive} on a host socket: {@code SO_KEEPALIVE}, and the kernel's
 * {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL}, {@code TCP_KEEPCNT} where the JDK supports them (Linux,
 * macOS); elsewhere the kernel's own timings apply.
 */
final class HostKeepAlive {
    private HostKeepAlive() {}

    static void set(SocketChannel ch, TcpKeepAlive k, String who) {
        try {
            if (k != null && ch.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                ch.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, k.idleSeconds());
                ch.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, k.intervalSeconds());
                ch.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, k.probes());
            }
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, k != null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot switch keep-alive " + (k == null ? "off" : "on") + " for " + who + ": " + e.getMessage()
                    + " (the connection may already be gone)", e);
        }
    }

    /** What the kernel has, or null when off (or when it cannot be read: the socket is gone). */
    static TcpKeepAlive get(SocketChannel ch) {
        try {
            if (!ch.getOption(StandardSocketOptions.SO_KEEPALIVE)) return null;
            if (!ch.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) return TcpKeepAlive.defaults();
            return new TcpKeepAlive(ch.getOption(ExtendedSocketOptions.TCP_KEEPIDLE), ch.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL),
                    ch.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
