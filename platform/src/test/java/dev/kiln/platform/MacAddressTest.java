package dev.kiln.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Property
    void localUnicastIsAlwaysLocalAndUnicast(@ForAll long entropy) {
        long mac = MacAddress.localUnicast(entropy);
        assertTrue(MacAddress.isUnicast(mac));
        assertTrue(MacAddress.isLocallyAdministered(mac));
        assertEquals(entropy & 0xFCFF_FFFF_FFFFL, mac & 0xFCFF_FFFF_FFFFL, "keeps the other 46 bits");
    }

    @Property
    void formatParseRoundTrip(@ForAll long entropy) {
        long mac = entropy & MacAddress.MASK;
        assertEquals(mac, MacAddress.parse(MacAddress.format(mac)));
    }

    @Test
    void formatsLowercaseColonSeparated() {
        assertEquals("02:00:5e:00:53:01", MacAddress.format(0x02005e005301L));
        assertEquals(0x02005e005301L, MacAddress.parse("02-00-5E-00-53-01"));
    }

    @Test
    void multicastAndOversizeAreNotUnicast() {
        assertFalse(MacAddress.isUnicast(0x01005e000001L));
        assertFalse(MacAddress.isUnicast(0x1_0000_0000_0000L));
        assertTrue(MacAddress.isUnicast(0x02005e005301L));
    }

    @Test
    void parseRejectsGarbageWithAnExample() {
        for (String bad : new String[] {"", "02:00:5e:00:53", "02:00:5e:00:53:01:02", "0g:00:00:00:00:00", "020:0:0:0:0:0", "1::2:3:4:5"}) {
            PlatformException e = assertThrows(PlatformException.class, () -> MacAddress.parse(bad), bad);
            assertTrue(e.getMessage().contains("02:00:5e:00:53:01"), e.getMessage());
        }
        assertThrows(PlatformException.class, () -> MacAddress.parse(null));
    }
}
