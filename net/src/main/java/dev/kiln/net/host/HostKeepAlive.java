package dev.kiln.net.host;

import dev.kiln.net.TcpKeepAlive;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * {@link dev.kiln.net.TcpConnection#keepAlive} on a host socket: {@code SO_KEEPALIVE}, and the kernel's
 * {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL}, {@code TCP_KEEPCNT} where the JDK offers them (Linux, macOS,
 * with the {@code jdk.net} module present); elsewhere the kernel's own timings apply.
 *
 * <p>The timing options are found by name among the channel's supported options rather than through
 * {@code jdk.net.ExtendedSocketOptions}, so that this module does not require {@code jdk.net}: an appliance
 * that never switches keep-alives on does not carry that module in its image.
 */
final class HostKeepAlive {
    private HostKeepAlive() {}

    static void set(SocketChannel ch, TcpKeepAlive k, String who) {
        try {
            SocketOption<Integer> idle = option(ch, "TCP_KEEPIDLE"), interval = option(ch, "TCP_KEEPINTERVAL"), count = option(ch, "TCP_KEEPCOUNT");
            if (k != null && idle != null && interval != null && count != null) {
                ch.setOption(idle, k.idleSeconds());
                ch.setOption(interval, k.intervalSeconds());
                ch.setOption(count, k.probes());
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
            SocketOption<Integer> idle = option(ch, "TCP_KEEPIDLE"), interval = option(ch, "TCP_KEEPINTERVAL"), count = option(ch, "TCP_KEEPCOUNT");
            if (idle == null || interval == null || count == null) return TcpKeepAlive.defaults();
            return new TcpKeepAlive(ch.getOption(idle), ch.getOption(interval), ch.getOption(count));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The channel's supported integer option called {@code name}, or null. */
    @SuppressWarnings("unchecked")
    private static SocketOption<Integer> option(SocketChannel ch, String name) {
        for (SocketOption<?> o : ch.supportedOptions()) {
            if (o.name().equals(name) && o.type() == Integer.class) return (SocketOption<Integer>) o;
        }
        return null;
    }
}
