package dev.kiln.dns;

import dev.kiln.dns.zone.Rr;
import dev.kiln.dns.zone.ZoneImageWriter;
import dev.kiln.dns.zone.ZoneSet;
import dev.kiln.dns.zone.ZoneSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Test zones: zone files in test resources, read with dnsjava (test scope only) into ZoneSources. */
public final class TestZones {
    private TestZones() {}

    public static final String[] FILES = {"example.com", "child.example.com"};

    public static ZoneSource zone(String origin) {
        try (InputStream in = TestZones.class.getResourceAsStream(origin + ".zone")) {
            Name o = Name.fromString(origin + ".");
            Master m = new Master(in, o);
            List<Rr> rrs = new ArrayList<>();
            Record r;
            while ((r = m.nextRecord()) != null) rrs.add(toRr(r));
            return new ZoneSource(o.toWire(), rrs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Rr toRr(Record r) {
        byte[] w = r.toWire(Section.ANSWER);
        int nl = r.getName().toWire().length;
        int rdlen = ((w[nl + 8] & 0xFF) << 8) | (w[nl + 9] & 0xFF);
        return new Rr(r.getName().toWire(), r.getType(), r.getDClass(), r.getTTL(), Arrays.copyOfRange(w, nl + 10, nl + 10 + rdlen));
    }

    public static List<ZoneSource> all() {
        List<ZoneSource> l = new ArrayList<>();
        for (String f : FILES) l.add(zone(f));
        return l;
    }

    public static ZoneSet zoneSet() { return ZoneSet.load(ZoneImageWriter.write(all())); }

    public static String resourceDir() {
        return new java.io.File(TestZones.class.getResource("example.com.zone").getFile()).getParent();
    }
}
