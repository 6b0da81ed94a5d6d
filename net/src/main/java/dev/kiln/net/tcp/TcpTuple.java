package dev.kiln.net.tcp;

/** A connection's 4-tuple from this end's point of view (IPv4 addresses as ints, ports 0..65535). */
public record TcpTuple(int localIp, int localPort, int remoteIp, int remotePort) {
    public TcpTuple {
        if (localPort < 0 || localPort > 0xFFFF || remotePort < 0 || remotePort > 0xFFFF) throw new IllegalArgumentException("ports are 16 bits");
    }

    /** Whether this is the tuple of these four values (a lookup without building one). */
    public boolean is(int localIp, int localPort, int remoteIp, int remotePort) {
        return this.localPort == localPort && this.remotePort == remotePort && this.remoteIp == remoteIp && this.localIp == localIp;
    }

    /** The same connection seen from the other end. */
    public TcpTuple reversed() { return new TcpTuple(remoteIp, remotePort, localIp, localPort); }
}
