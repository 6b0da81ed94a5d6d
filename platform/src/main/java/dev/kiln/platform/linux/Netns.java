package dev.kiln.platform.linux;

import java.util.function.Supplier;

/**
 * Opens things inside a named network namespace ({@code ip netns add NAME}) without moving
 * the caller: {@code action} runs on a short-lived helper thread that enters the namespace and
 * leaves it again. A descriptor it opens (a socket, a TAP device) stays in that namespace when
 * used from any thread, e.g. {@code Netns.callIn("kiln-dns", DatagramChannel::open)}.
 */
public final class Netns {
    private Netns() {}

    /**
     * Runs {@code action} inside network namespace {@code ns} and returns its result.
     *
     * @throws dev.kiln.platform.PlatformException if the namespace does not exist or cannot be
     *     entered (the message says what to do); the action's own exceptions propagate
     */
    public static <T> T callIn(String ns, Supplier<T> action) {
        NativeAccess.check();
        return NetnsSwitch.callIn(ns, action);
    }
}
