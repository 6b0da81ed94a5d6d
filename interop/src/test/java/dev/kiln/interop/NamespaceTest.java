package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The namespace fixture: it sets up what it says, and leaves nothing behind — no namespace, no process. */
class NamespaceTest {
    @Test
    void skipMessageSaysWhatIsMissingAndHowToRun() {
        assertTrue(Env.HOW_TO_RUN.contains("apt-get install nsd bind9-dnsutils knot-dnsutils"));
        assertTrue(Env.HOW_TO_RUN.startsWith("run as root on Linux"));
    }

    @Test
    void createsTheTapWithTheHostAddressAndRemovesEverything() throws Exception {
        Env.assumeReady();
        String name;
        long pid;
        Namespace ns = Namespace.create();
        try {
            name = ns.name();
            assertTrue(name.startsWith(Namespace.PREFIX));
            assertTrue(Namespace.exists(name));
            Proc.Result addr = ns.run(Duration.ofSeconds(5), Env.IP.orElseThrow().toString(), "-4", "addr", "show", "dev", Namespace.TAP);
            assertTrue(addr.ok() && addr.stdout().contains("inet " + Namespace.HOST_ADDRESS + "/24"), addr.describe());
            Proc.Result lo = ns.run(Duration.ofSeconds(5), Env.IP.orElseThrow().toString(), "link", "show", "lo");
            assertTrue(lo.stdout().contains("UP"), lo.describe());
            // a process that ignores SIGTERM: close must still get rid of it (SIGKILL after the grace period)
            Daemon stubborn = ns.start("stubborn", List.of("/bin/sh", "-c", "trap '' TERM; echo started; while :; do sleep 1; done"));
            assertTrue(stubborn.awaitLine("started"::equals, Duration.ofSeconds(10)) != null, stubborn.describe());
            pid = stubborn.pid();
            assertTrue(ns.pids().contains(pid), "started process is in the namespace");
        } finally {
            ns.close();
        }
        assertFalse(Namespace.exists(name), "namespace removed");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " killed");
        ns.close(); // idempotent
    }

    @Test
    void closeAfterAFailedStartStillCleansUp() throws Exception {
        Env.assumeReady();
        Namespace ns = Namespace.create();
        String name = ns.name();
        try (ns) {
            // a daemon that dies at once: waiting for its line must end at EOF, well before the deadline
            Daemon d = ns.start("dies", List.of("/bin/false"));
            long t0 = System.nanoTime();
            assertTrue(d.awaitLine(l -> true, Duration.ofSeconds(30)) == null);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "awaitLine returned at EOF");
        }
        assertFalse(Namespace.exists(name));
    }
}
