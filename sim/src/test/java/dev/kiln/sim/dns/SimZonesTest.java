package dev.kiln.sim.dns;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.dns.AuthServer;
import dev.kiln.dns.wire.MessageCodec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator's test zones and queries exercise the interesting answers, and the reference server is deterministic. */
class SimZonesTest {

    static byte[] answer(AuthServer server, byte[] query) {
        MemorySegment out = Arena.ofAuto().allocate(65535);
        int n = server.answer(MemorySegment.ofArray(query), out, false);
        return out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void referenceAnswersCoverTheInterestingCases() {
        AuthServer ref = SimZones.server();
        Set<Integer> rcodes = new HashSet<>();
        boolean truncated = false, referral = false, chased = false, wildcard = false;
        for (String name : SimZones.NAMES) {
            for (int type : SimZones.TYPES) {
                byte[] a = answer(ref, SimZones.query(1234, false, name, type, 0));
                var d = MessageCodec.decode(a);
                assertTrue(d.ok(), name + " " + type + ": " + d.error());
                assertEquals(1234, d.message().header().id());
                rcodes.add(d.message().rcode());
                truncated |= d.message().header().tc();
                referral |= !d.message().header().aa() && !d.message().authorities().isEmpty() && d.message().answers().isEmpty();
                chased |= d.message().answers().size() >= 3 && name.startsWith("chain");
                wildcard |= name.contains("wild") && type == SimZones.A && d.message().answers().size() == 1;
            }
        }
        assertTrue(rcodes.containsAll(Set.of(0, 3, 5)), "NOERROR, NXDOMAIN, REFUSED: " + rcodes);
        assertTrue(truncated, "a TC answer without EDNS");
        assertTrue(referral, "a referral");
        assertTrue(chased, "a CNAME chain");
        assertTrue(wildcard, "a wildcard answer");
    }

    @Test
    void twoServersOnTheSameZonesAnswerByteForByteAlike() {
        AuthServer a = SimZones.server(), b = SimZones.server();
        for (String name : SimZones.NAMES) {
            for (int type : SimZones.TYPES) {
                for (int edns : new int[] {0, 512, 1232}) {
                    byte[] q = SimZones.query(name.length() * 31 + type, true, name, type, edns);
                    byte[] first = answer(a, q);
                    assertArrayEquals(first, answer(b, q), name + " " + type);
                    assertArrayEquals(first, answer(a, q), "memoised answer equals the first: " + name + " " + type);
                    assertTrue(first.length <= Math.max(512, edns), "fits the UDP size: " + name + " " + type + " " + edns);
                }
            }
        }
    }
}
