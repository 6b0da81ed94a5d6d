package dev.kiln.platform.linux;

import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs an action inside a named network namespace ({@code /var/run/netns/NAME}, as
 * {@code ip netns add} makes) and returns the file descriptor it produced.
 *
 * <p>{@code setns(CLONE_NEWNET)} changes only the calling thread's namespace, and a descriptor
 * opened there (a TAP, a socket) stays bound to that namespace when used from any thread. The
 * action therefore runs on a short-lived helper platform thread: it enters the namespace, runs
 * the action, and goes back to its original namespace ({@code /proc/thread-self/ns/net}, opened
 * first) in a {@code finally} block. The caller's own thread — the loop thread, possibly a
 * virtual thread's carrier — never changes namespace, even if the action or the way back fails.
 */
final class NetnsSwitch {
    static final String NETNS_DIR = "/var/run/netns/";

    private NetnsSwitch() {}

    /** Runs {@code action} inside {@code ns} and returns its result; its exceptions propagate. */
    @SuppressWarnings("unchecked")
    static <T> T callIn(String ns, Supplier<T> action) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread helper = Thread.ofPlatform().name("kiln-netns-" + ns).daemon(true).unstarted(() -> {
            try {
                result.set(enterRunRestore(ns, action));
            } catch (RuntimeException | Error e) {
                result.set(new Failed(e));
            }
        });
        helper.start();
        boolean interrupted = false;
        while (true) {
            try {
                helper.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish the join: the helper may hold an fd we must hand back
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Object r = result.get();
        if (r instanceof Failed(Throwable t)) {
            if (t instanceof RuntimeException e) throw e;
            throw (Error) t;
        }
        if (r == null) throw new IllegalStateException("namespace helper thread ended without a result");
        return (T) r;
    }

    private record Failed(Throwable t) {}

    private static <T> T enterRunRestore(String ns, Supplier<T> action) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            int home = Libc.open(errno, arena.allocateFrom("/proc/thread-self/ns/net"), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (home < 0) {
                throw new PlatformException("cannot open /proc/thread-self/ns/net: " + Errno.describe(Libc.errno(errno))
                        + "; is /proc mounted?");
            }
            try {
                String path = NETNS_DIR + ns;
                int target = Libc.open(errno, arena.allocateFrom(path), Libc.O_RDONLY | Libc.O_CLOEXEC);
                if (target < 0) throw openFailed(ns, path, Libc.errno(errno));
                try {
                    if (Libc.setns(errno, target, Libc.CLONE_NEWNET) < 0) throw setnsFailed(ns, path, Libc.errno(errno));
                } finally {
                    Libc.close(target);
                }
                try {
                    return action.get();
                } finally {
                    if (Libc.setns(errno, home, Libc.CLONE_NEWNET) < 0) {
                        // Harmless: this helper thread ends now and takes the namespace with it.
                        System.getLogger(NetnsSwitch.class.getName()).log(System.Logger.Level.WARNING,
                                "could not return helper thread from netns " + ns + ": " + Errno.describe(Libc.errno(errno)));
                    }
                }
            } finally {
                Libc.close(home);
            }
        }
    }

    private static PlatformException openFailed(String ns, String path, int err) {
        return switch (err) {
            case Errno.ENOENT -> new PlatformException("network namespace " + ns + " does not exist (no " + path
                    + "); create it with `ip netns add " + ns + "` or let kiln create one");
            case Errno.EACCES, Errno.EPERM -> new PlatformException("cannot open network namespace " + ns + " (" + path
                    + "): " + Errno.describe(err) + "; run as root or grant CAP_SYS_ADMIN and CAP_NET_ADMIN, e.g. sudo ./kiln …");
            default -> new PlatformException("cannot open network namespace " + ns + " (" + path + "): "
                    + Errno.describe(err) + "; check it with `ip netns list`");
        };
    }

    private static PlatformException setnsFailed(String ns, String path, int err) {
        return switch (err) {
            case Errno.EPERM -> new PlatformException("cannot enter network namespace " + ns + ": " + Errno.describe(err)
                    + "; run as root or grant CAP_SYS_ADMIN, e.g. sudo ./kiln …");
            case Errno.EINVAL -> new PlatformException(path + " is not a network namespace: " + Errno.describe(err)
                    + "; recreate it with `ip netns del " + ns + " && ip netns add " + ns + "`");
            default -> new PlatformException("cannot enter network namespace " + ns + ": " + Errno.describe(err));
        };
    }
}
