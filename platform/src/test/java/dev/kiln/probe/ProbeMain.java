package dev.kiln.probe;

import dev.kiln.platform.PlatformException;
import dev.kiln.platform.linux.TapConfig;
import dev.kiln.platform.linux.TapDevice;

/**
 * Run in a forked JVM by {@code ForkedJvmTest} (outside the platform packages so it also runs with kiln.platform on the module path): exercises one platform entry point and prints
 * the {@link PlatformException} message (exit 3) or "ok" (exit 0).
 */
public final class ProbeMain {
    private ProbeMain() {}

    public static void main(String[] args) {
        try {
            switch (args[0]) {
                case "errno" -> {
                    // A cold JVM: the very first hot-path failure must read its own errno.
                    var buf = java.lang.foreign.Arena.global().allocate(8);
                    long n = dev.kiln.platform.linux.Libc.readHot(-1, buf, 8);
                    int err = dev.kiln.platform.linux.Libc.lastErrno();
                    System.out.println("ok " + n + " " + dev.kiln.platform.linux.Errno.name(err));
                }
                case "entropy" -> System.out.println("ok " + new dev.kiln.platform.linux.LinuxEntropy().nextLong());
                case "tap" -> {
                    try (TapDevice tap = TapDevice.open(TapConfig.of(args[1], 0x02005e005301L))) {
                        System.out.println("ok " + tap.name());
                    }
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (PlatformException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
