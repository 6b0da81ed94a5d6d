package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

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
 */
final class TapOpener {
    static final String TUN_PATH = "/dev/net/tun";
    /** _IOW('T', 202, int) */
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TAP = 0x0002, IFF_NO_PI = 0x1000;
    /** struct ifreq: char ifr_name[16] at 0, short ifr_flags at 16; 40 bytes in all. */
    static final int IFREQ_BYTES = 40, IFR_FLAGS = 16, IFNAMSIZ = 16;

    /** A descriptor attached to the device, and the name the kernel gave it. */
    record Opened(int fd, String name) {}

    private TapOpener() {}

    static Opened open(TapConfig cfg) {
        NativeAccess.check();
        String[] actualName = new String[1];
        int fd = cfg.netns() == null
                ? openHere(cfg.name(), actualName)
                : NetnsSwitch.callIn(cfg.netns(), () -> openHere(cfg.name(), actualName));
        return new Opened(fd, actualName[0]);
    }

    /** Opens and attaches in the calling thread's network namespace. */
    private static int openHere(String name, String[] actualName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            int fd = Libc.open(errno, arena.allocateFrom(TUN_PATH), Libc.O_RDWR | Libc.O_CLOEXEC);
            if (fd < 0) throw openFailed(Libc.errno(errno));
            boolean ok = false;
            try {
                MemorySegment ifr = arena.allocate(IFREQ_BYTES);
                byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
                MemorySegment.copy(nameBytes, 0, ifr, JAVA_BYTE, 0, nameBytes.length);
                ifr.set(JAVA_SHORT, IFR_FLAGS, (short) (IFF_TAP | IFF_NO_PI));
                if (Libc.ioctl(errno, fd, TUNSETIFF, ifr) < 0) throw attachFailed(name, Libc.errno(errno));
                actualName[0] = ifr.asSlice(0, IFNAMSIZ).getString(0);
                int flags = Libc.fcntl(errno, fd, Libc.F_GETFL, 0);
                if (flags < 0 || Libc.fcntl(errno, fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
                    throw new PlatformException("cannot make the TAP descriptor non-blocking: " + Errno.describe(Libc.errno(errno)));
                }
                ok = true;
                return fd;
            } finally {
                if (!ok) Libc.close(fd);
            }
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
