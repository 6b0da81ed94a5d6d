package dev.kiln.net.wire;

/** MAC addresses as the low 48 bits of a long (first octet most significant); text helpers for config and logs. */
public final class Mac {
    private Mac() {}

    /** ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** 00:00:00:00:00:00, the unknown target hardware address in an ARP request. */
    public static final long ZERO = 0L;

    /** Whether the group bit (least significant bit of the first octet) is set: multicast or broadcast. */
    public static boolean isGroup(long mac) { return ((mac >>> 40) & 1) != 0; }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. @throws IllegalArgumentException with what is wrong */
    public static long parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 6) throw new IllegalArgumentException("not a MAC address: '" + text + "' (expected six hex pairs like 02:00:00:00:00:01)");
        long v = 0;
        for (String p : parts) {
            if (p.length() != 2) throw new IllegalArgumentException("not a MAC address: '" + text + "' (each part is two hex digits)");
            try {
                v = (v << 8) | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "' (each part is two hex digits)");
            }
        }
        return v;
    }

    public static String format(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (mac >>> (8 * i)) & 0xff;
            if (sb.length() > 0) sb.append(':');
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
