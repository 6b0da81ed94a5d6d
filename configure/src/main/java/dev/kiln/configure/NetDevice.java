package dev.kiln.configure;

/**
 * A network device the appliance declared ({@code net.ID.*}).
 *
 * @param id      the device's name in the descriptor and the generated code, e.g. {@code net0}
 * @param address tap target: the appliance's own IPv4 address and prefix, e.g. {@code 192.0.2.2/24}
 * @param gateway tap target: the default gateway, or null for none
 * @param tap     tap target: the TAP device's name (default {@code kiln0})
 * @param listen  host target: the host address (and port) to bind, e.g. {@code 127.0.0.1:5353}
 * @param line    the line of its first key, for later problems
 */
public record NetDevice(String id, String address, String gateway, String tap, String listen, int line) {
    public static final String TAP_DEFAULT = "kiln0";
    public static final String LISTEN_DEFAULT = "127.0.0.1:5353";

    /** The address without the prefix. */
    public String ip() {
        return address.substring(0, address.indexOf('/'));
    }

    public int prefixLen() {
        return Integer.parseInt(address.substring(address.indexOf('/') + 1));
    }
}
