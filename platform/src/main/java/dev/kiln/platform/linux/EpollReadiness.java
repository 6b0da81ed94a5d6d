package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.kiln.platform.PlatformException;
import dev.kiln.platform.Readiness;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@link Readiness} over Linux epoll: the loop sleeps in {@code epoll_wait} until a registered
 * descriptor is readable (level-triggered {@code EPOLLIN}), {@link #wakeup()} is called, or
 * the timeout passes. An {@code eventfd} carries wake-ups; it is drained when it fires.
 *
 * <p>{@code struct epoll_event} is packed on x86-64: {@code u32 events} at 0, {@code u64 data}
 * at 4, 12 bytes; {@code data} holds the descriptor. The events array is allocated once.
 * {@code epoll_wait} and the eventfd I/O are allocation-free (no linker errno capture on the
 * common path). Timeouts are rounded up to whole milliseconds, so a wait never ends before its deadline
 * (except for a wake-up or a ready descriptor).
 *
 * <p>{@link #await}, {@link #poll}, {@link #add} and {@link #remove} belong to the loop thread;
 * {@link #wakeup()} is safe from any thread, also after {@link #close()} (then it does nothing).
 */
public final class EpollReadiness implements Readiness {
    /** Events fetched per {@code epoll_wait}; more ready descriptors are reported next time. */
    public static final int DEFAULT_MAX_EVENTS = 64;
    private static final MemorySegment ONE = Arena.global().allocateFrom(JAVA_LONG, 1L);

    private final int epfd;
    private final int eventFd;
    private final int maxEvents;
    private final Arena arena;
    private final MemorySegment errno;
    private final MemorySegment events;
    private final MemorySegment ctlEvent;
    private final MemorySegment drain;
    private final int[] ready;
    private final Object lock = new Object();
    private volatile boolean closed;
    private long wakeups;

    private EpollReadiness(int epfd, int eventFd, int maxEvents, Arena arena, MemorySegment errno) {
        this.epfd = epfd;
        this.eventFd = eventFd;
        this.maxEvents = maxEvents;
        this.arena = arena;
        this.errno = errno;
        this.events = arena.allocate((long) Libc.EPOLL_EVENT_BYTES * maxEvents, 8);
        this.ctlEvent = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
        this.drain = arena.allocate(8, 8);
        this.ready = new int[maxEvents];
    }

    /** An epoll set with room for {@value #DEFAULT_MAX_EVENTS} events per wait. */
    public static EpollReadiness open() {
        return open(DEFAULT_MAX_EVENTS);
    }

    /** @throws PlatformException if the kernel refuses epoll or eventfd (e.g. out of descriptors) */
    public static EpollReadiness open(int maxEvents) {
        if (maxEvents < 1 || maxEvents > 4096) throw new IllegalArgumentException("maxEvents " + maxEvents + " outside 1…4096");
        NativeAccess.check();
        Arena arena = Arena.ofShared();
        MemorySegment errno = Libc.newErrnoState(arena);
        int epfd = Libc.epollCreate1(errno, Libc.EPOLL_CLOEXEC);
        if (epfd < 0) {
            arena.close();
            throw new PlatformException("epoll_create1 failed: " + Errno.describe(Libc.errno(errno)) + "; raise the open-file limit (ulimit -n)?");
        }
        int efd = Libc.eventfd(errno, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (efd < 0) {
            int err = Libc.errno(errno);
            Libc.close(epfd);
            arena.close();
            throw new PlatformException("eventfd failed: " + Errno.describe(err) + "; raise the open-file limit (ulimit -n)?");
        }
        EpollReadiness r = new EpollReadiness(epfd, efd, maxEvents, arena, errno);
        try {
            r.add(efd);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** Watches {@code fd} for readability (level-triggered). */
    public void add(int fd) {
        ctl(Libc.EPOLL_CTL_ADD, fd, Libc.EPOLLIN);
    }

    /** Stops watching {@code fd}. */
    public void remove(int fd) {
        ctl(Libc.EPOLL_CTL_DEL, fd, 0);
    }

    private void ctl(int op, int fd, int mask) {
        ensureOpen();
        ctlEvent.set(JAVA_INT_UNALIGNED, 0, mask);
        ctlEvent.set(JAVA_LONG_UNALIGNED, Libc.EPOLL_EVENT_DATA, fd);
        if (Libc.epollCtl(errno, epfd, op, fd, ctlEvent) < 0) {
            throw new PlatformException("epoll_ctl(" + (op == Libc.EPOLL_CTL_ADD ? "ADD" : "DEL") + ", fd " + fd + ") failed: "
                    + Errno.describe(Libc.errno(errno)));
        }
    }

    @Override
    public void await(long timeoutNs) {
        poll(timeoutNs);
    }

    /**
     * Waits like {@link #await} and reports which registered descriptors are ready.
     * Interrupted waits (EINTR) resume with the time that is left.
     *
     * @return the number of ready descriptors (not counting a wake-up); see {@link #readyFd}
     */
    public int poll(long timeoutNs) {
        ensureOpen();
        long deadline = timeoutNs > 0 ? System.nanoTime() + timeoutNs : 0;
        int timeoutMs = toMillis(timeoutNs);
        int n;
        while ((n = Libc.epollWaitHot(epfd, events, maxEvents, timeoutMs)) < 0) {
            if (Libc.lastErrno() != Errno.EINTR) {
                // Rare: confirm with errno captured by the linker (a poll, so it cannot block).
                n = Libc.epollWait(errno, epfd, events, maxEvents, 0);
                if (n >= 0) break;
                int err = Libc.errno(errno);
                if (err != Errno.EINTR) throw new PlatformException("epoll_wait failed: " + Errno.describe(err));
            }
            if (timeoutNs > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return 0;
                timeoutMs = toMillis(left);
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            int fd = (int) events.get(JAVA_LONG_UNALIGNED, (long) i * Libc.EPOLL_EVENT_BYTES + Libc.EPOLL_EVENT_DATA);
            if (fd == eventFd) {
                wakeups++;
                Libc.readHot(eventFd, drain, 8); // resets the counter; EAGAIN if raced, harmless
            } else {
                ready[count++] = fd;
            }
        }
        return count;
    }

    /**
     * The epoll descriptor itself: readable when any watched descriptor is, so one
     * {@code EpollReadiness} can be nested in another (or in a host selector).
     */
    public int fd() {
        return epfd;
    }

    /** The {@code i}-th ready descriptor of the last {@link #poll}. */
    public int readyFd(int i) {
        return ready[i];
    }

    /** How many wake-ups {@link #poll} has consumed (several {@link #wakeup()} calls may merge into one). */
    public long wakeups() {
        return wakeups;
    }

    /** Milliseconds for epoll_wait: negative → -1 (forever), 0 → 0 (poll), else rounded up and capped. */
    static int toMillis(long timeoutNs) {
        if (timeoutNs < 0) return -1;
        long ms = timeoutNs / 1_000_000 + (timeoutNs % 1_000_000 == 0 ? 0 : 1);
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    @Override
    public void wakeup() {
        synchronized (lock) {
            if (!closed) Libc.writeHot(eventFd, ONE, 8);
        }
    }

    /** Closes the epoll and eventfd descriptors. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
        }
        Libc.close(eventFd);
        Libc.close(epfd);
        arena.close();
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("EpollReadiness is closed");
    }
}
