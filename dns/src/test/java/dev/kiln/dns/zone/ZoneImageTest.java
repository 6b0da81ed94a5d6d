package dev.kiln.dns.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dns.TestZones;
import dev.kiln.dns.wire.DnsNames;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneImageTest {
    static byte[] n(String s) { return DnsNames.fromText(s); }
    static final byte[] SOA = concat(concat(n("ns1.t."), n("h.t.")), new byte[] {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 50});

    @Test
    void sameInputSameBytes() {
        byte[] a = ZoneImageWriter.write(TestZones.all());
        byte[] b = ZoneImageWriter.write(TestZones.all());
        assertArrayEquals(a, b);
    }

    @Test
    void loadsZonesWithCountsEntsWildcardsAndDelegations() {
        ZoneSet zs = ZoneSet.load(MemorySegment.ofArray(ZoneImageWriter.write(TestZones.all())));
        assertEquals(List.of("example.com.", "child.example.com."), zs.zones().stream().map(ZoneSet.ZoneInfo::origin).toList());
        assertEquals(TestZones.zone("child.example.com").records().size(), zs.zones().get(1).records());
        Zone z = zs.zoneList().get(0);
        byte[] ent = n("ent.example.com.");
        Node e = z.node(ent, 0, ent.length);
        assertNotNull(e);
        assertTrue(e.isEmptyNonTerminal());
        byte[] wild = n("wild.example.com.");
        assertNotNull(z.node(wild, 0, wild.length).wildcardChild());
        byte[] sub = n("sub.example.com.");
        assertTrue(z.node(sub, 0, sub.length).isDelegation());
        assertEquals(300, z.negativeTtl());
        byte[] deep = n("a.www.child.example.com.");
        assertEquals("child.example.com.", zs.findZone(deep, 0, deep.length).originText());
        byte[] org = n("example.org.");
        assertNull(zs.findZone(org, 0, org.length));
    }

    @Test
    void corruptImagesAreRefusedWithAClearMessage() {
        byte[] good = ZoneImageWriter.write(TestZones.all());
        ZoneImageException magic = assertThrows(ZoneImageException.class, () -> ZoneSet.load(new byte[] {1, 2, 3}));
        assertTrue(magic.getMessage().contains("not a Kiln zone image"));
        byte[] version = good.clone();
        version[9] = 2;
        assertTrue(assertThrows(ZoneImageException.class, () -> ZoneSet.load(version)).getMessage().contains("version 2"));
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x40;
        assertTrue(assertThrows(ZoneImageException.class, () -> ZoneSet.load(flipped)).getMessage().contains("checksum"));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 7);
        assertTrue(assertThrows(ZoneImageException.class, () -> ZoneSet.load(cut)).getMessage().contains("truncated"));
    }

    @Test
    void everyTruncationOrByteFlipFailsCleanlyOrLoads() {
        byte[] good = ZoneImageWriter.write(List.of(TestZones.zone("child.example.com")));
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= (byte) 0xFF;
            try { ZoneSet.load(b); } catch (ZoneImageException expected) { /* fine */ }
            try { ZoneSet.load(java.util.Arrays.copyOf(good, i)); } catch (ZoneImageException expected) { /* fine */ }
        }
    }

    @Test
    void writerRefusesBadZones() {
        List<Rr> noSoa = List.of(new Rr(n("t."), 2, 1, 60, n("ns1.t.")));
        assertTrue(assertThrows(ZoneImageException.class, () -> ZoneImageWriter.write(List.of(new ZoneSource(n("t."), noSoa))))
                .getMessage().contains("no SOA"));
        List<Rr> outside = new ArrayList<>(List.of(new Rr(n("t."), 6, 1, 60, SOA), new Rr(n("x.u."), 1, 1, 60, new byte[4])));
        assertTrue(assertThrows(ZoneImageException.class, () -> ZoneImageWriter.write(List.of(new ZoneSource(n("t."), outside))))
                .getMessage().contains("outside zone"));
    }

    @Test
    void duplicateRecordsAreKeptOnceAndRrsetOrderIsPreserved() {
        List<Rr> rrs = List.of(new Rr(n("t."), 6, 1, 60, SOA), new Rr(n("T."), 16, 1, 60, new byte[] {1, 'x'}),
                new Rr(n("t."), 1, 1, 60, new byte[4]), new Rr(n("t."), 1, 1, 60, new byte[4]));
        ZoneSet zs = ZoneSet.load(ZoneImageWriter.write(List.of(new ZoneSource(n("t."), rrs))));
        assertEquals(3, zs.zones().get(0).records());
        assertEquals(List.of(6, 16, 1), zs.zoneList().get(0).apex().rrsets().stream().map(RRset::type).toList());
        assertEquals(50, zs.zoneList().get(0).negativeTtl());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
