package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The appliance's contract with whoever runs it: banner, serving sealed, SIGTERM → counters and exit 0, nothing left behind. */
class ApplianceLifecycleTest {
    @Test
    void bootsAnswersAndStopsCleanlyOnSigterm() throws Exception {
        Env.assumeReady();
        String name;
        try (Namespace ns = Namespace.create(); WireClient client = WireClient.start(ns)) {
            name = ns.name();
            Appliance kiln = Appliance.start(ns, List.of(TestZones.interop()));
            try {
                WireClient.Reply r = client.askRetrying(Namespace.APPLIANCE_ADDRESS, 53,
                        Query.of("www.interop.example.", org.xbill.DNS.Type.A).wire(), Differ.TIMEOUT, Differ.TRIES);
                assertTrue(r.ok(), r + "\n" + kiln.log());
                long pid = kiln.handle().pid();
                // sealed with seccomp once serving, checked from outside (it can no longer open /proc itself)
                String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/status"));
                assertTrue(status.contains("Seccomp:\t2"), "seccomp filter mode\n" + status);
                assertTrue(status.contains("NoNewPrivs:\t1"), "no new privileges\n" + status);
                assertTrue(kiln.log().contains("sealed   yes"), "the banner says it is sealed\n" + kiln.log());
                Integer exit = kiln.terminate(Duration.ofSeconds(15));
                // nothing else answers at the appliance's address: the replies above were Kiln's
                WireClient.Reply after = client.ask(Namespace.APPLIANCE_ADDRESS, 53,
                        Query.of("www.interop.example.", org.xbill.DNS.Type.A).wire(), Duration.ofMillis(1000));
                assertFalse(after.ok(), "a reply came from " + Namespace.APPLIANCE_ADDRESS + " after the appliance stopped: " + after);
                // the contract: SIGTERM prints the counters and exits 0
                assertEquals(0, exit, "exit code after SIGTERM\n" + kiln.log());
                assertTrue(kiln.log().contains("counters:"), "counters printed at SIGTERM\n" + kiln.log());
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            } finally {
                kiln.close();
            }
        }
        assertFalse(Namespace.exists(name), "namespace " + name + " still there after close");
    }
}
