package dev.kiln.platform.linux;

import dev.kiln.platform.PlatformException;

/**
 * Turns "native access denied" into an instruction. FFM linking is a restricted operation:
 * the JVM must be started with {@code --enable-native-access=kiln.platform} (module path) or
 * {@code --enable-native-access=ALL-UNNAMED} (class path); under
 * {@code --illegal-native-access=deny} it otherwise fails on first use.
 */
public final class NativeAccess {
    /** What to tell the operator. */
    public static final String HOW_TO_ENABLE = "start java with --enable-native-access=kiln.platform"
            + " (module path) or --enable-native-access=ALL-UNNAMED (class path)";

    private NativeAccess() {}

    /**
     * Links the libc handles, or explains why it could not.
     *
     * @throws PlatformException if native access is denied or libc lacks a function
     */
    public static void check() {
        dev.kiln.platform.BootTrace.mark("native-check");
        try {
            Libc.link();
        } catch (IllegalCallerException e) {
            throw denied(e);
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            if (root instanceof IllegalCallerException) throw denied(root);
            throw new PlatformException("cannot link the C library through java.lang.foreign: " + root
                    + "; Kiln needs Linux with glibc on x86-64 or aarch64", e);
        }
    }

    private static PlatformException denied(Throwable cause) {
        return new PlatformException("native access to the operating system is denied ("
                + cause.getMessage() + "); " + HOW_TO_ENABLE, cause);
    }
}
