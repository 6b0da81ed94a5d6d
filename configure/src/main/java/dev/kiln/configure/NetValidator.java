package dev.kiln.configure;

import dev.kiln.configure.DescriptorLines.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code net.ID.*} keys: one network device's address configuration, checked. */
final class NetValidator {
    private static final String IP = "[0-9]{1,3}(\\.[0-9]{1,3}){3}";

    private NetValidator() {}

    static List<NetDevice> devices(Check c, Map<String, Map<String, Entry>> nets) {
        List<NetDevice> out = new ArrayList<>();
        for (var dev : nets.entrySet()) {
            String id = dev.getKey();
            Map<String, Entry> keys = dev.getValue();
            int line = keys.values().stream().mapToInt(Entry::line).min().orElse(0);
            if (!id.matches("[a-z][a-z0-9]{0,7}")) {
                c.problem(line, "bad device id '" + DescriptorLines.clip(id) + "'", "ids are a lower-case letter, then letters or digits (at most 8), e.g. net.net0.address");
                continue;
            }
            if (!out.isEmpty()) {
                c.problem(line, "a second network device '" + id + "': one loop drives one network stack, so an appliance has one for now",
                        "remove the net." + id + ".* lines");
                continue;
            }
            String address = null, gateway = null, tap = NetDevice.TAP_DEFAULT, listen = NetDevice.LISTEN_DEFAULT;
            for (Entry e : keys.values()) {
                switch (e.key().substring(("net." + id + ".").length())) {
                    case "address" -> address = cidr(c, e);
                    case "gateway" -> gateway = ip(c, e, "the gateway's IPv4 address, e.g. 192.0.2.1");
                    case "tap" -> tap = c.match(e, "[A-Za-z0-9_.-]{1,15}", "a TAP device name: 1-15 letters, digits, '_', '.' or '-', e.g. kiln0");
                    case "listen" -> listen = listen(c, e);
                    default -> c.problem(e, "unknown key '" + e.key() + "'", "a network device has address, gateway, tap and listen"
                            + " (net." + id + ".address=192.0.2.2/24)");
                }
            }
            Entry addr = keys.get("address");
            if (addr == null) {
                c.problem(line, "network device " + id + " has no address", "add net." + id + ".address=192.0.2.2/24 (its address on the tap target)");
                continue;
            }
            if (address == null || tap == null || listen == null) continue;
            if (gateway != null && !sameSubnet(c, keys.get("gateway"), address, gateway)) continue;
            out.add(new NetDevice(id, address, gateway, tap, listen, line));
        }
        if (out.isEmpty() && nets.isEmpty()) {
            c.problem(0, "no network device", "declare one: net.net0.address=192.0.2.2/24 (tap target) and optionally net.net0.listen=127.0.0.1:5353 (host target)");
        }
        return out;
    }

    private static String ip(Check c, Entry e, String fix) {
        String v = e.value();
        if (v.matches(IP)) {
            try {
                dev.kiln.net.Ipv4.parse(v);
                return v;
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
        }
        c.problem(e, "'" + DescriptorLines.clip(v) + "' is not an IPv4 address", fix);
        return null;
    }

    private static String cidr(Check c, Entry e) {
        String v = e.value();
        String fix = "give ADDRESS/PREFIX with a prefix of 1-30, e.g. 192.0.2.2/24";
        int slash = v.indexOf('/');
        if (slash < 0 || !v.substring(slash + 1).matches("[0-9]{1,2}") || !v.substring(0, slash).matches(IP)) {
            c.problem(e, "'" + DescriptorLines.clip(v) + "' is not an address/prefix", fix);
            return null;
        }
        int prefix = Integer.parseInt(v.substring(slash + 1));
        int a;
        try {
            a = dev.kiln.net.Ipv4.parse(v.substring(0, slash));
        } catch (IllegalArgumentException ex) {
            c.problem(e, "'" + v + "' is not an address/prefix: " + ex.getMessage(), fix);
            return null;
        }
        if (prefix < 1 || prefix > 30) {
            c.problem(e, "prefix /" + prefix + " is out of range", fix);
            return null;
        }
        int host = a & ~mask(prefix);
        if (host == 0 || host == ~mask(prefix)) {
            c.problem(e, v + " is the network's " + (host == 0 ? "own address" : "broadcast address"), "pick a host address inside the network, e.g. 192.0.2.2/24");
            return null;
        }
        return v;
    }

    private static boolean sameSubnet(Check c, Entry e, String cidr, String gateway) {
        int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        int a = dev.kiln.net.Ipv4.parse(cidr.substring(0, cidr.indexOf('/')));
        int g = dev.kiln.net.Ipv4.parse(gateway);
        if ((a & mask(prefix)) != (g & mask(prefix)) || a == g) {
            c.problem(e, "gateway " + gateway + (a == g ? " is the appliance's own address" : " is outside " + cidr),
                    "give an address in the appliance's network, e.g. the host side of the TAP device");
            return false;
        }
        return true;
    }

    private static String listen(Check c, Entry e) {
        String v = e.value();
        int colon = v.indexOf(':');
        String host = colon < 0 ? v : v.substring(0, colon);
        String fix = "host target: ADDRESS[:PORT] to bind, e.g. 127.0.0.1:5353";
        if (!host.matches(IP)) {
            c.problem(e, "'" + DescriptorLines.clip(v) + "' is not ADDRESS[:PORT]", fix);
            return null;
        }
        if (colon >= 0) {
            String port = v.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                c.problem(e, "port '" + DescriptorLines.clip(port) + "' is not 1-65535", fix);
                return null;
            }
        }
        return ip(c, new Entry(e.key(), host, e.line()), fix) == null ? null : v;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
