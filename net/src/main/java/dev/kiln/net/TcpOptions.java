package dev.kiln.net;

/**
 * The limits of one TCP listener, checked once at {@link NetStack#tcpListen}. Every connection's
 * buffers are fixed-size, so {@code connectionsMax × (rxBufferBytes + txBufferBytes)} bounds the
 * memory a listener can hold, and {@code buffersBytesMax} caps it below that if wanted.
 *
 * @param backlog          connections the stack may hold completed but not yet accepted (listen(2)'s backlog). Default 128
 * @param connectionsMax   open connections at once; one more is closed at once (RST where the stack can) and counted
 *                         as {@code drop.tcp_conn_limit}. Default 256
 * @param rxBufferBytes    per connection: bytes received but not yet consumed by {@link TcpHandler#onReadable}; when full
 *                         the stack stops reading (the peer sees the window close). Default 65,537 (a DNS message and its prefix)
 * @param txBufferBytes    per connection: bytes written but not yet sent and acknowledged; {@link TcpConnection#write}
 *                         takes at most what is free. Default 65,537
 * @param buffersBytesMax  all connections of this listener together, rx + tx; a connection that would exceed it is
 *                         refused like one over {@code connectionsMax} (counted as {@code drop.tcp_buffer_limit}). Default 32 MiB
 */
public record TcpOptions(int backlog, int connectionsMax, int rxBufferBytes, int txBufferBytes, long buffersBytesMax) {
    public TcpOptions {
        check("backlog", backlog, 1, 65535);
        check("connectionsMax", connectionsMax, 1, 1 << 20);
        check("rxBufferBytes", rxBufferBytes, 1, 1 << 26);
        check("txBufferBytes", txBufferBytes, 1, 1 << 26);
        if (buffersBytesMax < (long) rxBufferBytes + txBufferBytes) {
            throw new IllegalArgumentException("TCP options: buffersBytesMax = " + buffersBytesMax + " must hold one connection's buffers ("
                    + ((long) rxBufferBytes + txBufferBytes) + " bytes); raise it or lower rxBufferBytes/txBufferBytes");
        }
    }

    /** The defaults listed above. */
    public static TcpOptions defaults() { return new TcpOptions(128, 256, 65_537, 65_537, 32L << 20); }

    public TcpOptions withBacklog(int v) { return new TcpOptions(v, connectionsMax, rxBufferBytes, txBufferBytes, buffersBytesMax); }
    public TcpOptions withConnectionsMax(int v) { return new TcpOptions(backlog, v, rxBufferBytes, txBufferBytes, buffersBytesMax); }
    public TcpOptions withRxBufferBytes(int v) { return new TcpOptions(backlog, connectionsMax, v, txBufferBytes, buffersBytesMax); }
    public TcpOptions withTxBufferBytes(int v) { return new TcpOptions(backlog, connectionsMax, rxBufferBytes, v, buffersBytesMax); }
    public TcpOptions withBuffersBytesMax(long v) { return new TcpOptions(backlog, connectionsMax, rxBufferBytes, txBufferBytes, v); }

    private static void check(String name, int v, int min, int max) {
        if (v < min || v > max) throw new IllegalArgumentException("TCP options: " + name + " = " + v + " must be " + min + ".." + max);
    }
}
