package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class DnsProbeTest {
    @Test
    void queryIsAStandardSoaQuestion() {
        byte[] expected = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
                7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 6, 0, 1};
        assertArrayEquals(expected, DnsProbe.query("example.com."));
        assertArrayEquals(expected, DnsProbe.query("example.com"));
    }
}
