package dev.kiln.platform;

import java.util.HexFormat;

/**
 * MAC addresses as the 48 low bits of a {@code long}, first octet most significant
 * (the representation {@link NetDevice#mac()} uses). Bit 0 of the first octet is the
 * group (multicast) bit, bit 1 the locally-administered bit (IEEE 802, RFC 7042 §2.1).
 */
public final class MacAddress {
    /** The 48 bits of a MAC address. */
    public static final long MASK = 0xFFFF_FFFF_FFFFL;
    private static final long GROUP_BIT = 1L << 40;
    private static final long LOCAL_BIT = 1L << 41;

    private MacAddress() {}

    /**
     * A locally administered unicast MAC derived from {@code entropy}: the low 48 bits with the
     * group bit cleared and the locally-administered bit set. Never all zeros.
     */
    public static long localUnicast(long entropy) {
        return ((entropy & MASK) & ~GROUP_BIT) | LOCAL_BIT;
    }

    /** A fresh locally administered unicast MAC drawn from {@code entropy}. */
    public static long random(Entropy entropy) {
        return localUnicast(entropy.nextLong());
    }

    /** True if {@code mac} is a 48-bit value with the group bit clear. */
    public static boolean isUnicast(long mac) {
        return (mac & ~MASK) == 0 && (mac & GROUP_BIT) == 0;
    }

    /** True if the locally-administered bit is set. */
    public static boolean isLocallyAdministered(long mac) {
        return (mac & LOCAL_BIT) != 0;
    }

    /** Formats as {@code 02:00:5e:00:53:01}. */
    public static String format(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) sb.append(':');
            HexFormat.of().toHexDigits(sb, (byte) (mac >>> shift));
        }
        return sb.toString();
    }

    /**
     * Parses six hex octets separated by {@code :} or {@code -}.
     *
     * @throws PlatformException if {@code text} is not a MAC address
     */
    public static long parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("[:-]", -1);
        if (parts.length != 6) throw bad(text);
        long mac = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) throw bad(text);
            mac = (mac << 8) | Integer.parseInt(p, 16);
        }
        return mac;
    }

    private static PlatformException bad(String text) {
        return new PlatformException("not a MAC address: '" + text
                + "'; write six hex octets like 02:00:5e:00:53:01 (a locally administered unicast address)");
    }
}
