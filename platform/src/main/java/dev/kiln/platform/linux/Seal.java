package dev.kiln.platform.linux;

import dev.kiln.platform.PlatformException;
import dev.kiln.platform.BootTrace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seals the running appliance with a seccomp filter, through FFM.
 *
 * <p>Call it once start-up is over (devices open, baked data loaded, sockets bound):
 * <pre>{@code
 * Seal.prepare();                       // warm up what would open files after the seal
 * Seal.apply(SealPolicy.appliance());   // no_new_privs + seccomp(SET_MODE_FILTER, TSYNC)
 * }</pre>
 * The JVM must be started with {@link #REQUIRED_JVM_FLAGS} (the whole code cache committed at
 * boot): {@link #apply} reads the JVM's arguments before sealing and refuses without them.
 *
 * <h2>What the seal refuses</h2>
 * Everything not in the policy's allowlist answers {@code EPERM} (see {@link SeccompFilter}):
 * running programs ({@code execve}, {@code execveat}); new processes ({@code fork},
 * {@code vfork}, {@code clone} without {@code CLONE_THREAD}; {@code clone3} answers
 * {@code ENOSYS} so glibc creates threads with {@code clone}); opening files ({@code open},
 * {@code openat}, {@code openat2}, {@code creat}); new sockets ({@code socket},
 * {@code socketpair}, {@code bind}, {@code listen}, {@code connect}: an appliance binds what it
 * serves before sealing; {@code accept}/{@code accept4} only on the listening sockets the policy
 * names, which {@link #sealAppliance} finds in {@code /proc} — so a host-target TCP server keeps
 * accepting, but nothing new can listen); other processes ({@code ptrace},
 * {@code process_vm_readv/writev}, {@code kill}, {@code tgkill} to another process); new
 * executable memory ({@code mmap}, {@code mprotect}, {@code pkey_mprotect} with
 * {@code PROT_EXEC}, {@code memfd_create}); and a second filter ({@code seccomp}). Sockets,
 * TAP and epoll descriptors opened before the seal keep working. A syscall from a foreign ABI
 * (i386 {@code int 0x80}) kills the process; x32 numbers answer {@code EPERM}.
 *
 * <p>The default answer is {@code EPERM}, not {@code ENOSYS}: Java reports it as "Operation not
 * permitted", which says what happened, and HotSpot treats a refused exec mapping as a failed
 * commit. {@code ENOSYS} is used only where it buys a fallback ({@code clone3}).
 *
 * <h2>What a seal cannot cover on a JIT</h2>
 * HotSpot's code cache is mapped read-write-execute and the JIT keeps writing new machine code
 * into it after the seal; the filter only stops <em>new</em> executable mappings, so code
 * injected through a memory-safety bug in native code could still land in the cache. HotSpot
 * also grows the cache by committing more of it with {@code mmap(MAP_FIXED, RWX)} and aborts
 * when that fails, hence {@link #REQUIRED_JVM_FLAGS}: commit it all at boot. Narrow it further
 * with {@code -XX:TieredStopAtLevel=1} (C1 only: less code, smaller cache) or {@code -Xint}
 * (no JIT: nothing new is written as machine code except method-handle adapters, at a large
 * speed cost).
 *
 * <h2>Load before sealing</h2>
 * After the seal no file can be opened, so every class, native library, time-zone table and
 * locale resource must be loaded first. Run from jars (their descriptors stay open) or load
 * the classes you need; {@link #prepare} does the JDK's known lazy loads. Reading
 * {@code /proc/self/…} is impossible after the seal: check {@code Seccomp: 2} from outside.
 *
 * <h2>Known JDK behaviour under the seal</h2>
 * <ul>
 *   <li>{@code ProcessBuilder.start()} fails with an {@code IOException} ("error: 1 (Operation
 *       not permitted)"), and on that failure path JDK 25.0.3 closes file descriptor 0 (its
 *       {@code pipe2} is refused and the clean-up closes the unset descriptor). Do not start
 *       processes in a sealed appliance, and do not rely on stdin after trying.</li>
 *   <li>{@code Process.destroy()} and friends cannot be used (no processes); SIGTERM and
 *       shutdown hooks work.</li>
 *   <li>Files, sockets, {@code ManagementFactory} (libmanagement), JFR recordings and
 *       {@code jcmd} attach (a socket in /tmp) fail after the seal.</li>
 * </ul>
 */
public final class Seal {
    /** Recommended flags: commit the whole code cache (64 MiB) at boot. */
    public static final List<String> REQUIRED_JVM_FLAGS =
            List.of("-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=64m");

    /**
     * {@link #REQUIRED_JVM_FLAGS} plus {@code -XX:-UsePerfData}: a sealed JVM cannot delete its
     * {@code /tmp/hsperfdata_USER/PID} file at exit, so do not create it.
     */
    public static final List<String> RECOMMENDED_JVM_FLAGS = List.of(
            "-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=64m", "-XX:-UsePerfData");

    /**
     * With this system property true, {@link #apply} does all its work except the final
     * {@code prctl} and {@code seccomp} calls and says so on standard error: the image builder's
     * AOT training run uses it so that the sealing code is trained but the JVM can still fork the
     * process that writes the cache.
     */
    public static final String REHEARSE_PROPERTY = "kiln.seal.rehearse";

    static final int PR_SET_NO_NEW_PRIVS = 38;
    static final int SECCOMP_SET_MODE_FILTER = 1, SECCOMP_FILTER_FLAG_TSYNC = 1;

    private static volatile boolean sealed;

    private Seal() {}

    /**
     * {@link #prepareLean()} then {@link #apply} with {@link SealPolicy#appliance()}: the call for
     * appliances that run on Kiln's loop and, once sealed, use no JDK service that loads lazily
     * from files (formatters with locale data, time zones, JDK networking set up later, virtual
     * threads). It keeps boot short; an appliance that needs those calls {@link #prepare()} first.
     */
    public static void sealAppliance() {
        prepareLean();
        BootTrace.mark("seal-prepare");
        apply(SealPolicy.appliance().acceptingOn(listeningTcpSockets()));
        BootTrace.mark("sealed");
    }

    /**
     * This process's listening TCP sockets, as descriptor numbers: the inodes in state LISTEN
     * ({@code 0A}) of {@code /proc/net/tcp} and {@code tcp6} matched against the {@code socket:[N]}
     * links in {@code /proc/self/fd}. Read before sealing ({@link #sealAppliance} gives them to
     * {@link SealPolicy#acceptingOn}, so a host-socket TCP server keeps accepting); empty if
     * {@code /proc} cannot be read.
     */
    public static List<Integer> listeningTcpSockets() {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] c = line.trim().split("\\s+");
                    if (c.length > 9 && c[3].equals("0A")) inodes.add(c[9]);
                }
            } catch (IOException | RuntimeException e) {
                // no IPv6, or no /proc: nothing listens that we could name
            }
        }
        List<Integer> fds = new ArrayList<>();
        if (inodes.isEmpty()) return fds;
        try (var dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : dir) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        fds.add(Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile (the directory stream's own descriptor, for one)
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        java.util.Collections.sort(fds);
        return fds;
    }

    /** True once {@link #apply} succeeded in this process. */
    public static boolean isSealed() {
        return sealed;
    }

    /**
     * Loads what the JDK would otherwise load lazily from files after the seal: native
     * libraries (libnet, libnio), locale and formatting data ({@code String.format("%f")} reads
     * through libjimage), time-zone rules, the virtual-thread scheduler and its I/O poller, and
     * the FFM handles of this package. Call after start-up, right before {@link #apply}.
     *
     * @throws PlatformException if native access is denied
     */
    public static void prepare() {
        prepareLean();
        // locale data, formatters (DecimalFormatSymbols, FormattedFloatingDecimal)
        String.format("%f %e %g %,d %s %x", 1.5, 1.5e10, 0.001, 1234567, "s", 255);
        String.format(Locale.ROOT, "%.3f", Math.PI);
        Double.toString(0.1);
        java.time.ZonedDateTime.now().toString();
        java.util.TimeZone.getDefault();
        new java.util.Date().toString();
        try {
            // libnet + libnio, the loopback address
            InetAddress.getLoopbackAddress();
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ch.configureBlocking(false);
                ch.receive(ByteBuffer.allocate(1));
            }
            // the virtual-thread scheduler, its timer and the read poller (epoll set-up)
            Pipe pipe = Pipe.open();
            try (var source = pipe.source(); var sink = pipe.sink()) {
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        source.read(ByteBuffer.allocate(1));
                    } catch (IOException ignored) {
                        // closed: still warmed up
                    }
                });
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).join();
                sink.write(ByteBuffer.wrap(new byte[] {1}));
                reader.join();
            }
        } catch (IOException e) {
            throw new PlatformException("warming up before sealing failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while warming up before sealing", e);
        }
    }

    /**
     * The part of {@link #prepare()} every sealed process needs: native access, this package's
     * downcalls, the charset and the {@code System.Logger} lookup that {@code System.exit} makes.
     * Milliseconds, where {@link #prepare()} takes tens of them.
     */
    public static void prepareLean() {
        NativeAccess.check();
        "x".getBytes(StandardCharsets.UTF_8);
        // System.exit logs through System.Logger: find the LoggerFinder service now
        System.getLogger("java.lang.Runtime").isLoggable(System.Logger.Level.DEBUG);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            Libc.prctl(errno, -1, 0, 0, 0, 0);
            Libc.syscall(errno, -1, 0, 0, MemorySegment.NULL);
            Errno.describe(Libc.errno(errno));
        }
    }

    /**
     * Seals this process: every thread, now and later, is held to {@code policy}.
     *
     * @throws PlatformException if the platform is not x86-64 Linux, the JVM lacks the
     *     code-cache flags, the process is already sealed, or the kernel refuses the filter;
     *     the message says what to do
     */
    public static synchronized void apply(SealPolicy policy) {
        String arch = System.getProperty("os.arch");
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(arch))
            throw new PlatformException("cannot seal: the seccomp filter is written for x86-64 Linux, this is "
                    + System.getProperty("os.name") + " on " + arch + "; run the appliance unsealed here");
        if (sealed) throw new PlatformException("cannot seal: this process is already sealed");
        if (policy.requireCodeCacheFlags()) {
            String problem = checkJvmFlags(jvmArguments());
            if (problem != null) throw new PlatformException("cannot seal: " + problem);
        }
        NativeAccess.check();
        SeccompFilter filter = SeccompFilter.compile(policy, (int) ProcessHandle.current().pid());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            if (Boolean.getBoolean(REHEARSE_PROPERTY)) {
                // An image's AOT training run: everything up to the two system calls, so the boot's
                // sealing code is in the cache; the training JVM must stay unsealed to write it.
                filter.fprog(arena);
                Libc.prctl(errno, -1, 0, 0, 0, 0);
                System.err.println("kiln: seal rehearsed but NOT applied (-D" + REHEARSE_PROPERTY + "=true, for AOT training runs)");
                return;
            }
            if (Libc.prctl(errno, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
                throw new PlatformException("cannot seal: prctl(PR_SET_NO_NEW_PRIVS) failed: "
                        + Errno.describe(Libc.errno(errno)));
            long r = Libc.syscall(errno, SyscallTable.x86_64("seccomp").orElseThrow(), SECCOMP_SET_MODE_FILTER,
                    SECCOMP_FILTER_FLAG_TSYNC, filter.fprog(arena));
            if (r > 0)
                throw new PlatformException("cannot seal: thread " + r + " could not be synchronised to the filter"
                        + " (SECCOMP_FILTER_FLAG_TSYNC); it runs under a different seccomp filter — seal before"
                        + " starting threads that install their own");
            if (r < 0) {
                int e = Libc.errno(errno);
                String what = switch (e) {
                    case Errno.EINVAL -> "; the kernel lacks seccomp filters (CONFIG_SECCOMP_FILTER) or rejected the program";
                    case Errno.EACCES -> "; no_new_privs was not set and the process lacks CAP_SYS_ADMIN";
                    case Errno.EPERM -> "; a seccomp filter already refuses seccomp(2) here (sealed already, or a container profile)";
                    default -> "";
                };
                throw new PlatformException("cannot seal: seccomp(SET_MODE_FILTER) failed: " + Errno.describe(e) + what);
            }
        }
        sealed = true;
    }

    /**
     * Why the JVM with {@code args} would die after sealing, or null if it is fit: it must be
     * started with {@code -XX:ReservedCodeCacheSize=N -XX:InitialCodeCacheSize=N} (equal sizes)
     * so no code-cache growth happens after the seal. The last occurrence of a flag counts.
     */
    public static String checkJvmFlags(List<String> args) {
        Long reserved = null, initial = null;
        for (String a : args) {
            if (a.startsWith("-XX:ReservedCodeCacheSize=")) reserved = size(a.substring(a.indexOf('=') + 1));
            else if (a.startsWith("-XX:InitialCodeCacheSize=")) initial = size(a.substring(a.indexOf('=') + 1));
        }
        String fix = "start java with " + String.join(" ", REQUIRED_JVM_FLAGS)
                + " (commit the whole code cache at boot), or HotSpot aborts at its first code-cache growth after the seal";
        if (reserved == null || initial == null || reserved < 0 || initial < 0)
            return "the JVM was started without -XX:ReservedCodeCacheSize=N -XX:InitialCodeCacheSize=N; " + fix;
        if (initial < reserved)
            return "-XX:InitialCodeCacheSize (" + initial + " bytes) is smaller than -XX:ReservedCodeCacheSize ("
                    + reserved + " bytes); " + fix;
        return null;
    }

    /** A HotSpot size ({@code 64m}, {@code 65536}, {@code 1G}); -1 if malformed. */
    static long size(String s) {
        if (s.isEmpty()) return -1;
        long unit = switch (Character.toLowerCase(s.charAt(s.length() - 1))) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long v = Long.parseLong(digits);
            return v < 0 || v > Long.MAX_VALUE / unit ? -1 : v * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * This JVM's options, in the order HotSpot applies them: {@code JAVA_TOOL_OPTIONS}, then
     * {@code JDK_JAVA_OPTIONS}, then the command line from {@code /proc/self/cmdline} up to the
     * main class (with {@code @argfiles} expanded). Must be read before the seal.
     */
    public static List<String> jvmArguments() {
        List<String> out = new ArrayList<>();
        Map<String, String> env = System.getenv();
        for (String var : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) out.addAll(List.of(v.trim().split("\\s+")));
        }
        List<String> cmdline = new ArrayList<>();
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    cmdline.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            throw new PlatformException("cannot seal: reading /proc/self/cmdline to check the JVM flags failed: "
                    + e.getMessage() + "; is /proc mounted?", e);
        }
        out.addAll(jvmOptions(cmdline.isEmpty() ? cmdline : cmdline.subList(1, cmdline.size())));
        return out;
    }

    /** The options in a java command line (without the program name), up to the main class. */
    static List<String> jvmOptions(List<String> args) {
        List<String> opts = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("@") && a.length() > 1) {
                try {
                    opts.addAll(jvmOptions(List.of(Files.readString(Path.of(a.substring(1))).trim().split("\\s+"))));
                } catch (IOException e) {
                    // the launcher would have failed already; ignore
                }
                continue;
            }
            if (!a.startsWith("-")) break; // main class
            opts.add(a);
            if (a.equals("-jar") || a.equals("-m") || a.equals("--module")) break;
            if (List.of("-cp", "-classpath", "--class-path", "-p", "--module-path", "--add-modules",
                    "--add-opens", "--add-exports", "--add-reads", "--limit-modules", "--upgrade-module-path",
                    "--patch-module", "--enable-native-access", "--source").contains(a) && i + 1 < args.size()) {
                opts.add(args.get(++i));
            }
        }
        return opts;
    }
}
