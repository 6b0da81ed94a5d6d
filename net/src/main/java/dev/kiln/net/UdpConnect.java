package dev.kiln.net;

/** The checks {@link UdpSocket#connect} and a connected socket's {@code sendTo} share on every target. */
public final class UdpConnect {
    private UdpConnect() {}

    /** @throws IllegalArgumentException unless {@code addr} is an address and {@code port} 1-65535 */
    public static void check(int addr, int port) {
        if (addr == 0) throw new IllegalArgumentException("cannot connect a UDP socket to 0.0.0.0; give the peer's address");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("UDP peer port " + port + " is out of range 1-65535");
    }

    /** The error for a datagram to {@code addr:port} from {@code socket}, connected to {@code peerAddr:peerPort}. */
    public static IllegalArgumentException notThePeer(UdpSocket socket, int addr, int port, int peerAddr, int peerPort) {
        return new IllegalArgumentException("UDP socket on port " + socket.port() + " is connected to " + Ipv4.format(peerAddr) + ":" + peerPort
                + " and cannot send to " + Ipv4.format(addr) + ":" + port + "; use an unconnected socket for other peers");
    }
}
