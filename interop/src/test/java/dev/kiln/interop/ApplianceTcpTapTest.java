package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ApplianceTcpTest} on the tap target: the sealed appliance's own stack (KilnStack's TCP on the
 * TAP fd, no socket at all) at {@value Namespace#APPLIANCE_ADDRESS}:53, against NSD in the namespace.
 */
class ApplianceTcpTapTest extends ApplianceTcpTest {
    private static final Target TAP = new Target("Kiln (tap target)", Namespace.APPLIANCE_ADDRESS, 53);

    @Override
    Target candidate() { return TAP; }

    @Override
    Appliance startCandidate(Namespace ns, List<ZoneFile> zones) throws Exception { return Appliance.start(ns, zones); }

    /** TCP needs no system call beyond the TAP fd's read/write: the appliance seals as before and serves it. */
    @Test
    void sealedWithItsOwnTcp() {
        org.junit.jupiter.api.Assumptions.assumeTrue(kiln != null, "appliance not started (see the other tests' skip reason)");
        assertTrue(kiln.log().contains("sealed   yes"), kiln.log());
        assertTrue(kiln.log().contains("Kiln's own stack"), kiln.log());
    }
}
