package dev.kiln.net.host;

import dev.kiln.net.Ipv4;

/**
 * Configuration of a {@link HostStack}.
 *
 * @param bindAddress       local IPv4 address every port is bound to (e.g. 127.0.0.1)
 * @param udpSocketsMax     ports bound at once. Default 64
 * @param rxBatchMax        datagrams received per {@code doWork} turn, all sockets together. Default 256
 * @param rxDatagramBytesMax receive buffer: longer datagrams are cut by the kernel (and counted as {@code drop.rx_truncated} when detectable). Default 65507
 * @param replyBytesMax     size of the {@code reply} buffer handed to handlers and the largest {@code sendTo}; 1472 matches
 *                          the tap target's {@code mtu - 28}, so an application sees the same limit on both. Default 1472
 * @param tcpBuffersBytesMax direct memory for every TCP connection's buffers together ({@link DirectBuffers}): beyond it a
 *                          connection is refused ({@code drop.tcp_buffer_limit}) and a write waits for memory. Default half of
 *                          the JVM's largest heap, as the JVM's own direct-memory limit is the heap's size unless set
 */
public record HostConfig(int bindAddress, int udpSocketsMax, int rxBatchMax, int rxDatagramBytesMax, int replyBytesMax, long tcpBuffersBytesMax) {
    public HostConfig {
        check("udpSocketsMax", udpSocketsMax, 1, 65535);
        check("rxBatchMax", rxBatchMax, 1, 1 << 20);
        check("rxDatagramBytesMax", rxDatagramBytesMax, 1, 65507);
        check("replyBytesMax", replyBytesMax, 1, 65507);
        if (tcpBuffersBytesMax < 1) throw new IllegalArgumentException("host stack config: tcpBuffersBytesMax = " + tcpBuffersBytesMax + " must be positive");
    }

    /** Defaults, bound to {@code address} (dotted quad). */
    public static HostConfig of(String address) {
        return new HostConfig(Ipv4.parse(address), 64, 256, 65507, 1472, Runtime.getRuntime().maxMemory() / 2);
    }

    public HostConfig withUdpSocketsMax(int v) { return new HostConfig(bindAddress, v, rxBatchMax, rxDatagramBytesMax, replyBytesMax, tcpBuffersBytesMax); }
    public HostConfig withRxBatchMax(int v) { return new HostConfig(bindAddress, udpSocketsMax, v, rxDatagramBytesMax, replyBytesMax, tcpBuffersBytesMax); }
    public HostConfig withRxDatagramBytesMax(int v) { return new HostConfig(bindAddress, udpSocketsMax, rxBatchMax, v, replyBytesMax, tcpBuffersBytesMax); }
    public HostConfig withReplyBytesMax(int v) { return new HostConfig(bindAddress, udpSocketsMax, rxBatchMax, rxDatagramBytesMax, v, tcpBuffersBytesMax); }
    public HostConfig withTcpBuffersBytesMax(long v) { return new HostConfig(bindAddress, udpSocketsMax, rxBatchMax, rxDatagramBytesMax, replyBytesMax, v); }

    private static void check(String name, int v, int min, int max) {
        if (v < min || v > max) throw new IllegalArgumentException("host stack config: " + name + " = " + v + " must be " + min + ".." + max);
    }
}
