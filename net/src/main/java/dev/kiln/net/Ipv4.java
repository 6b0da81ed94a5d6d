package dev.kiln.net;

/** IPv4 addresses as host-order ints: parsing and printing, for configuration and logs (not the packet path). */
public final class Ipv4 {
    private Ipv4() {}

    /** Parses dotted-quad text, e.g. {@code "192.0.2.2"}. @throws IllegalArgumentException with what is wrong */
    public static int parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected four numbers like 192.0.2.2)");
        int addr = 0;
        for (String p : parts) {
            int v;
            try {
                if (p.isEmpty() || p.length() > 3) throw new NumberFormatException();
                v = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (each part is a number 0-255)");
            }
            if (v > 255) throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (each part is a number 0-255)");
            addr = (addr << 8) | v;
        }
        return addr;
    }

    public static String format(int addr) {
        return ((addr >>> 24) & 0xff) + "." + ((addr >>> 16) & 0xff) + "." + ((addr >>> 8) & 0xff) + "." + (addr & 0xff);
    }
}
