package dev.kiln.examples.dns;

import dev.kiln.net.Ipv4;
import java.nio.file.Path;

/**
 * The DNS appliance's few run-time arguments. Everything else (the zones) was baked at build time.
 *
 * @param zones     the baked zone image (.kzone)
 * @param target    "tap" (own stack) or "host" (host sockets)
 * @param listen    host target: address to bind
 * @param port      UDP port to serve on (53 on tap; --listen's port on host)
 * @param tap       tap target: TAP device name
 * @param netns     tap target: namespace to open the TAP device in, or null for the current one
 * @param address   tap target: own IPv4 address
 * @param prefixLen tap target: prefix length
 * @param gateway   tap target: default gateway, or 0 for none
 * @param seal      seal the process with seccomp once serving (needs {@code Seal.REQUIRED_JVM_FLAGS})
 */
record ApplianceArgs(Path zones, String target, int listen, int port, String tap, String netns,
                     int address, int prefixLen, int gateway, boolean seal) {

    static final String USAGE = """
            usage: DnsAppliance --zones FILE.kzone --target host --listen 127.0.0.1:5353 [--seal]
                   DnsAppliance --zones FILE.kzone --target tap --tap NAME --address 192.0.2.2/24 [--gateway 192.0.2.1] [--netns NS] [--seal]
            (normally started by ./kiln run examples/dns)""";

    static ApplianceArgs parse(String[] args) {
        Path zones = null;
        String target = null, listen = "127.0.0.1:5353", tap = "kiln0", netns = null, address = "192.0.2.2/24", gateway = null;
        boolean seal = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) throw new IllegalArgumentException(USAGE);
            if (a.equals("--seal")) {
                seal = true;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value\n" + USAGE);
            String v = args[++i];
            switch (a) {
                case "--zones" -> zones = Path.of(v);
                case "--target" -> target = v;
                case "--listen" -> listen = v;
                case "--tap" -> tap = v;
                case "--netns" -> netns = v;
                case "--address" -> address = v;
                case "--gateway" -> gateway = v;
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (zones == null) throw new IllegalArgumentException("--zones FILE.kzone is required (bake one with ./kiln bake)\n" + USAGE);
        if (target == null) target = "host";
        switch (target) {
            case "host" -> {
                int colon = listen.lastIndexOf(':');
                if (colon < 0) throw new IllegalArgumentException("--listen wants ADDRESS:PORT, e.g. 127.0.0.1:5353");
                return new ApplianceArgs(zones, target, Ipv4.parse(listen.substring(0, colon)),
                        port(listen.substring(colon + 1)), null, null, 0, 0, 0, seal);
            }
            case "tap" -> {
                String[] cidr = address.split("/", -1);
                if (cidr.length != 2) throw new IllegalArgumentException("--address wants ADDRESS/PREFIX, e.g. 192.0.2.2/24");
                int prefix;
                try {
                    prefix = Integer.parseInt(cidr[1]);
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 1 || prefix > 30) throw new IllegalArgumentException("--address prefix must be 1-30, e.g. 192.0.2.2/24");
                return new ApplianceArgs(zones, target, 0, 53, tap, netns, Ipv4.parse(cidr[0]), prefix,
                        gateway == null ? 0 : Ipv4.parse(gateway), seal);
            }
            default -> throw new IllegalArgumentException("unknown target '" + target + "': use tap or host");
        }
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException("'" + s + "' is not a UDP port (1-65535)");
    }
}
