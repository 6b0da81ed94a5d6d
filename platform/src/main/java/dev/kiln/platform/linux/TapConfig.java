package dev.kiln.platform.linux;

import dev.kiln.platform.MacAddress;
import dev.kiln.platform.Offload;
import dev.kiln.platform.PlatformException;
import java.nio.charset.StandardCharsets;

/**
 * How to open a {@link TapDevice}.
 *
 * @param name  the interface name, 1–15 bytes (IFNAMSIZ − 1), e.g. {@code kiln0}; may hold one
 *              {@code %d} for the kernel to number a new device
 * @param netns the network namespace that holds (or will hold) the device, the name of a file
 *              in {@code /var/run/netns} as {@code ip netns add} makes; {@code null} for the
 *              caller's own namespace
 * @param mac   the appliance's own MAC, a unicast address (see {@link MacAddress#localUnicast})
 * @param mtu   the IP MTU the appliance uses, {@value #MTU_MIN}–{@value #MTU_MAX}; default
 *              {@value #DEFAULT_MTU}. Set the kernel side to match ({@code ip link set NAME mtu N}).
 * @param offloads the {@link Offload} bits to ask the kernel for; 0 (the default) opens the
 *              device as a plain TAP. Anything else opens it with {@code IFF_VNET_HDR}; if the
 *              kernel refuses, the device falls back to a plain TAP and says so
 *              ({@link TapDevice#offloadStatus()}). A caller that asks for {@link Offload#RX_CSUM}
 *              or {@link Offload#RX_GSO4} should receive with the {@code FrameMeta} method.
 */
public record TapConfig(String name, String netns, long mac, int mtu, int offloads) {
    public static final int DEFAULT_MTU = 1500;
    /** The smallest MTU IPv4 allows (RFC 791). */
    public static final int MTU_MIN = 68;
    /** The largest MTU whose frame fits the device's {@link TapDevice#BUFFER_BYTES} buffer. */
    public static final int MTU_MAX = TapDevice.BUFFER_BYTES - 14;
    /** IFNAMSIZ − 1: interface names are at most 15 bytes. */
    public static final int NAME_BYTES_MAX = 15;

    /** @throws PlatformException if a field is out of range; the message names it and its limits */
    public TapConfig {
        checkInterfaceName(name);
        if (netns != null) checkNetnsName(netns);
        if (!MacAddress.isUnicast(mac) || mac == 0) {
            throw new PlatformException("MAC " + MacAddress.format(mac)
                    + " is not a unicast address; use a locally administered unicast MAC such as "
                    + MacAddress.format(MacAddress.localUnicast(mac)));
        }
        if (mtu < MTU_MIN || mtu > MTU_MAX) {
            throw new PlatformException("MTU " + mtu + " is out of range; choose " + MTU_MIN + "–" + MTU_MAX
                    + " (normally " + DEFAULT_MTU + ")");
        }
        String bad = Offload.problem(offloads);
        if (bad != null) throw new PlatformException("TAP offloads: " + bad);
    }

    /** A plain device (no offloads). */
    public TapConfig(String name, String netns, long mac, int mtu) {
        this(name, netns, mac, mtu, 0);
    }

    /** A device in the caller's namespace with the default MTU. */
    public static TapConfig of(String name, long mac) {
        return new TapConfig(name, null, mac, DEFAULT_MTU);
    }

    public TapConfig withNetns(String ns) {
        return new TapConfig(name, ns, mac, mtu, offloads);
    }

    public TapConfig withMac(long newMac) {
        return new TapConfig(name, netns, newMac, mtu, offloads);
    }

    public TapConfig withMtu(int newMtu) {
        return new TapConfig(name, netns, mac, newMtu, offloads);
    }

    /** Asks for {@link Offload} bits, e.g. {@link Offload#ALL}; 0 for a plain device. */
    public TapConfig withOffloads(int bits) {
        return new TapConfig(name, netns, mac, mtu, bits);
    }

    static void checkInterfaceName(String name) {
        if (name == null || name.isEmpty()) throw new PlatformException("the TAP device needs a name, e.g. --tap kiln0");
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > NAME_BYTES_MAX) {
            throw new PlatformException("TAP device name '" + name + "' is too long (" + bytes
                    + " bytes); Linux interface names are at most " + NAME_BYTES_MAX + " bytes, e.g. kiln0");
        }
        boolean bad = name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '/' || c == ':');
        if (bad) {
            throw new PlatformException("TAP device name '" + name
                    + "' is not a valid interface name; use letters, digits, '-', '_' or '.', e.g. kiln0");
        }
    }

    static void checkNetnsName(String ns) {
        boolean bad = ns.isEmpty() || ns.equals(".") || ns.equals("..") || ns.length() > 255
                || ns.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '/');
        if (bad) {
            throw new PlatformException("network namespace name '" + ns
                    + "' is not valid; use a plain name as `ip netns add NAME` takes, e.g. kiln");
        }
    }
}
