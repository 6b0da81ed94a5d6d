package dev.kiln.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FormattingTest {
    @Property
    void groupsDigitsLikeTheFormatterDoes(@ForAll long v) {
        assertEquals(String.format(Locale.ROOT, "%,d", v), Appliance.grouped(v));
    }

    @Test
    void padsToTheWidthAndNeverTruncates() {
        assertEquals("ab      ", Appliance.pad("ab", 8));
        assertEquals("abcdefghij", Appliance.pad("abcdefghij", 8));
        assertEquals(String.format("%-40s", "stack.rx.frames"), Appliance.pad("stack.rx.frames", 40));
    }
}
