package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.kiln.platform.Offload;
import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Opens {@code /dev/net/tun} and attaches it to a TAP interface with {@code TUNSETIFF}
 * ({@code IFF_TAP | IFF_NO_PI}, single queue), then makes the descriptor non-blocking.
 * Attaches to an existing persistent TAP ({@code ip tuntap add dev NAME mode tap}) or creates
 * one that lives as long as the descriptor. Every failure becomes a {@link PlatformException}
 * that says what to do.
 *
 * <p>With offloads asked for ({@link TapConfig#offloads()}), it checks {@code TUNGETFEATURES}
 * for {@code IFF_VNET_HDR}, attaches with it, sets the 12-byte header ({@code TUNSETVNETHDRSZ},
 * read back with {@code TUNGETVNETHDRSZ}) and the kernel-to-us offloads ({@code TUNSETOFFLOAD}:
 * {@code TUN_F_CSUM} for {@link Offload#RX_CSUM}, {@code TUN_F_TSO4} for {@link Offload#RX_GSO4};
 * our own transmit offloads need only the header). If any step is refused, it closes the
 * descriptor and opens the device again as a plain TAP, reporting why in {@link Opened#fallback}.
 * A plain open turns the kernel-to-us offloads off ({@code TUNSETOFFLOAD 0}): a persistent
 * device keeps them from its previous user, and without a header partial checksums would pass
 * unmarked.
 */
final class TapOpener {
    static final String TUN_PATH = "/dev/net/tun";
    /** _IOW('T', 202, int) */
    static final long TUNSETIFF = 0x400454caL;
    /** _IOR('T', 207, unsigned int), _IOW('T', 208, unsigned int), _IOR('T', 215, int), _IOW('T', 216, int) */
    static final long TUNGETFEATURES = 0x800454cfL, TUNSETOFFLOAD = 0x400454d0L,
            TUNGETVNETHDRSZ = 0x800454d7L, TUNSETVNETHDRSZ = 0x400454d8L;
    static final short IFF_TAP = 0x0002, IFF_NO_PI = 0x1000, IFF_VNET_HDR = 0x4000;
    static final int TUN_F_CSUM = 0x1, TUN_F_TSO4 = 0x2;
    /** struct ifreq: char ifr_name[16] at 0, short ifr_flags at 16; 40 bytes in all. */
    static final int IFREQ_BYTES = 40, IFR_FLAGS = 16, IFNAMSIZ = 16;

    /**
     * A descriptor attached to the device, the name the kernel gave it, the vnet header's size (0
     * for none), the {@link Offload} bits in force, and why offloads asked for are not (or null).
     */
    record Opened(int fd, String name, int vnetHeaderBytes, int offloads, String fallback) {}

    private TapOpener() {}

    static Opened open(TapConfig cfg) {
        return open(cfg, tunOffloadFlags(cfg.offloads()));
    }

    /** Opens with {@code tunFlags} for {@code TUNSETOFFLOAD}; tests pass flags the kernel refuses. */
    static Opened open(TapConfig cfg, int tunFlags) {
        NativeAccess.check();
        return cfg.netns() == null
                ? openHere(cfg.name(), cfg.offloads(), tunFlags)
                : NetnsSwitch.callIn(cfg.netns(), () -> openHere(cfg.name(), cfg.offloads(), tunFlags));
    }

    /** The {@code TUN_F_*} flags that let the kernel hand us what {@code offloads} accepts. */
    static int tunOffloadFlags(int offloads) {
        int f = 0;
        if ((offloads & (Offload.RX_CSUM | Offload.RX_GSO4)) != 0) f |= TUN_F_CSUM;
        if ((offloads & Offload.RX_GSO4) != 0) f |= TUN_F_TSO4;
        return f;
    }

    /** Opens plainly, or with offloads and falls back to plain if the kernel refuses them. */
    private static Opened openHere(String name, int offloads, int tunFlags) {
        if (offloads == 0) return attach(name, 0, 0);
        try {
            return attach(name, offloads, tunFlags);
        } catch (OffloadRefused refused) {
            Opened plain = attach(name, 0, 0);
            return new Opened(plain.fd(), plain.name(), 0, 0, refused.getMessage());
        }
    }

    /** The kernel refused a step of the offload set-up; the descriptor is closed. */
    private static final class OffloadRefused extends RuntimeException {
        OffloadRefused(String why) {
            super(why, null, false, false);
        }
    }

    /** Opens and attaches in the calling thread's network namespace. */
    private static Opened attach(String name, int offloads, int tunFlags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            int fd = Libc.open(errno, arena.allocateFrom(TUN_PATH), Libc.O_RDWR | Libc.O_CLOEXEC);
            if (fd < 0) throw openFailed(Libc.errno(errno));
            boolean ok = false;
            try {
                boolean vnet = offloads != 0;
                if (vnet) checkVnetSupported(arena, errno, fd);
                MemorySegment ifr = arena.allocate(IFREQ_BYTES);
                byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
                MemorySegment.copy(nameBytes, 0, ifr, JAVA_BYTE, 0, nameBytes.length);
                ifr.set(JAVA_SHORT, IFR_FLAGS, (short) (IFF_TAP | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0)));
                if (Libc.ioctl(errno, fd, TUNSETIFF, ifr) < 0) throw attachFailed(name, Libc.errno(errno));
                String actualName = ifr.asSlice(0, IFNAMSIZ).getString(0);
                if (vnet) {
                    setVnetHeader(arena, errno, fd);
                    setOffload(errno, fd, tunFlags);
                } else {
                    Libc.ioctlValue(errno, fd, TUNSETOFFLOAD, 0); // best effort: a plain device wants no partial checksums
                }
                int flags = Libc.fcntl(errno, fd, Libc.F_GETFL, 0);
                if (flags < 0 || Libc.fcntl(errno, fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
                    throw new PlatformException("cannot make the TAP descriptor non-blocking: " + Errno.describe(Libc.errno(errno)));
                }
                ok = true;
                return new Opened(fd, actualName, vnet ? VnetHeader.BYTES : 0, offloads, null);
            } finally {
                if (!ok) Libc.close(fd);
            }
        }
    }

    private static void checkVnetSupported(Arena arena, MemorySegment errno, int fd) {
        MemorySegment features = arena.allocate(JAVA_INT);
        if (Libc.ioctl(errno, fd, TUNGETFEATURES, features) < 0) {
            throw new OffloadRefused("TUNGETFEATURES failed: " + Errno.describe(Libc.errno(errno)));
        }
        if ((features.get(JAVA_INT, 0) & IFF_VNET_HDR) == 0) {
            throw new OffloadRefused("the kernel's tun driver has no IFF_VNET_HDR (features 0x"
                    + Integer.toHexString(features.get(JAVA_INT, 0)) + ")");
        }
    }

    private static void setVnetHeader(Arena arena, MemorySegment errno, int fd) {
        MemorySegment size = arena.allocate(JAVA_INT);
        size.set(JAVA_INT, 0, VnetHeader.BYTES);
        if (Libc.ioctl(errno, fd, TUNSETVNETHDRSZ, size) < 0) {
            throw new OffloadRefused("TUNSETVNETHDRSZ " + VnetHeader.BYTES + " refused: " + Errno.describe(Libc.errno(errno)));
        }
        size.set(JAVA_INT, 0, 0);
        if (Libc.ioctl(errno, fd, TUNGETVNETHDRSZ, size) < 0 || size.get(JAVA_INT, 0) != VnetHeader.BYTES) {
            throw new OffloadRefused("TUNGETVNETHDRSZ does not read back " + VnetHeader.BYTES + " (got " + size.get(JAVA_INT, 0) + ")");
        }
    }

    private static void setOffload(MemorySegment errno, int fd, int tunFlags) {
        if (Libc.ioctlValue(errno, fd, TUNSETOFFLOAD, tunFlags) < 0) {
            throw new OffloadRefused("TUNSETOFFLOAD 0x" + Integer.toHexString(tunFlags) + " refused: "
                    + Errno.describe(Libc.errno(errno)));
        }
    }

    static PlatformException openFailed(int err) {
        String what = "cannot open " + TUN_PATH + ": " + Errno.describe(err) + "; ";
        return switch (err) {
            case Errno.ENOENT, Errno.ENODEV, Errno.ENXIO -> new PlatformException(what
                    + "load the tun module: modprobe tun (in a container, pass the device: --device /dev/net/tun)");
            case Errno.EACCES, Errno.EPERM -> new PlatformException(what
                    + "run as root or grant CAP_NET_ADMIN, e.g. sudo ./kiln …");
            case Errno.EMFILE, Errno.ENFILE -> new PlatformException(what + "too many open files; raise the limit (ulimit -n)");
            default -> new PlatformException(what + "check that the tun driver works (ip tuntap list)");
        };
    }

    static PlatformException attachFailed(String name, int err) {
        String what = "TUNSETIFF on TAP device " + name + " failed: " + Errno.describe(err) + "; ";
        return switch (err) {
            case Errno.EBUSY -> new PlatformException("TAP device " + name
                    + " is in use by another process; stop it or choose another --tap name (" + Errno.describe(err) + ")");
            case Errno.EPERM, Errno.EACCES -> new PlatformException(what
                    + "run as root or grant CAP_NET_ADMIN, e.g. sudo ./kiln … (or create the device for this user:"
                    + " ip tuntap add dev " + name + " mode tap user $USER)");
            case Errno.EINVAL -> new PlatformException(what + "an interface named " + name
                    + " exists but is not a TAP device (a TUN device or another kind?); delete it with `ip link del "
                    + name + "` or choose another --tap name");
            case Errno.ENFILE -> new PlatformException(what + "the kernel could not number the device; choose an explicit --tap name");
            default -> new PlatformException(what + "check the device with `ip -d link show " + name + "`");
        };
    }
}
