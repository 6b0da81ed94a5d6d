package dev.kiln.dns;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the same query bytes to a real NSD (Debian's nsd package) and to AuthServer;
 * the answers must be byte for byte identical. Skipped when /usr/sbin/nsd is missing.
 */
class NsdDifferentialTest {
    static NsdProcess nsd;

    static final String[] NAMES = {"example.com.", "www.example.com.", "alias.example.com.", "loop1.example.com.",
        "ext.example.com.", "x.wild.example.com.", "y.x.wild.example.com.", "wild.example.com.", "*.wild.example.com.",
        "foo.wc.example.com.", "b.ent.example.com.", "ent.example.com.", "a.b.ent.example.com.", "nope.example.com.",
        "sub.example.com.", "x.sub.example.com.", "ns.sub.example.com.", "_sip._udp.example.com.", "_udp.example.com.",
        "txt.example.com.", "big.example.com.", "caa.example.com.", "ptr.example.com.", "unk.example.com.",
        "mx2.example.com.", "mx3.example.com.", "mx4.example.com.", "mx5.example.com.", "cnnx.example.com.",
        "cnsub.example.com.", "cnent.example.com.", "c1.example.com.", "cnchild.example.com.", "child.example.com.",
        "www.child.example.com.", "ns1.child.example.com.", "nothere.example.com.", "WwW.ExAmPlE.cOm.", "NS1.EXAMPLE.COM.",
        "example.org.", "com.", ".", "ns1.example.com.", "mail.example.com.", "deep.x.sub.example.com.", "nx.child.example.com.", "deleg.example.com.", "x.deleg.example.com.", "manya.example.com.", "manymx.example.com.", "cnbig.example.com.", "_srv._tcp.example.com.", "_srv2._tcp.example.com.", "ns3.deleg.example.com.", "upper.example.com.", "mx6.example.com.", "mixed.example.com.", "MIXED.example.com.", "x.sub2.example.com.", "Ns.sub2.example.com.", "_up._tcp.example.com.", "uptxt.example.com.", "UPTXT.example.com.", "dn.example.com.", "x.dn.example.com.", "A.b.Dn.example.com.", "below.dn.example.com.", "x.dn2.example.com.", "y.x.dnloop.example.com.", "x.dnsub.example.com.", "www.dnchild.example.com.", "nx.dnchild.example.com."};
    static final int[] TYPES = {1, 28, 15, 16, 2, 6, 5, 255, 43, 33, 12, 257, 65534, 48, 99, 251, 252, 35, 39};

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(NsdProcess.NSD), "needs NSD at /usr/sbin/nsd (apt-get install nsd)");
        nsd = new NsdProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nsd != null) nsd.close();
    }

    @Test
    void answersMatchNsdByteForByte() throws Exception {
        AuthServer server = new AuthServer(TestZones.zoneSet(), ServerConfig.defaults());
        List<String> diffs = new ArrayList<>();
        int n = 0, id = 1;
        int[][] modes = {{Queries.NO_EDNS, 0, 0}, {1232, 0, 1}, {512, 1, 0}, {4096, 1, 1}};
        for (String name : NAMES) {
            for (int type : TYPES) {
                for (int[] m : modes) {
                    byte[] q = Queries.query(id++ & 0xFFFF, name, type, 1, m[2] == 1, m[0], m[1] == 1);
                    n += compare(server, q, name + " " + type + " edns=" + m[0] + " do=" + m[1], diffs);
                }
            }
        }
        // class ANY, CHAOS, NONE
        for (String name : new String[] {"www.example.com.", "nope.example.com.", "sub.example.com.", "example.com."}) {
            for (int cls : new int[] {255, 3, 254}) {
                n += compare(server, Queries.query(id++, name, 16, cls, true, 1232, false), name + " class " + cls, diffs);
                n += compare(server, Queries.query(id++, name, 1, cls, false, Queries.NO_EDNS, false), name + " class " + cls + " noedns", diffs);
            }
        }
        // a second round hits the memo: must still match (ids and case differ)
        for (String name : NAMES) {
            byte[] q = Queries.query(id++ & 0xFFFF, flipCase(name), 1, 1, true, 1232, false);
            n += compare(server, q, "memo " + flipCase(name), diffs);
        }
        assertTrue(diffs.isEmpty(), diffs.size() + " of " + n + " answers differ from NSD:\n" + String.join("\n", diffs.subList(0, Math.min(Integer.getInteger("diffs", 15), diffs.size()))));
        assertTrue(server.counter(Counter.MEMO_HITS) > 0);
    }

    static final String[] RAW = {
        "123401000000000000000000", // qd0
        "12340100000000000000000100002910000000000000000", // qd0 + opt (odd length: truncated)
        "1234010000000000000000010000291000000000000000", // qd0 + opt
        "123401000002000000000000037777770765786", // truncated
        "123411100001000000000000037777770765786d706c6503636f6d0000010001", // opcode 2
        "123429000001000000000000037777770765786d706c6503636f6d0000010001", // update
        "123401000001000100000000037777770765786d706c6503636f6d0000010001", // an=1
        "123401030001000000000000037777770765786d706c6503636f6d0000010001", // rcode set
        "12340100000100000000000203777777076578616d706c6503636f6d0000010001000029100000000000000000002910000000000000", // 2 opt
        "12340100000100000000000103777777076578616d706c6503636f6d000001000100002910000001000000", // edns version 1
        "12340100000100000000000103777777076578616d706c6503636f6d000001000100002910000001800000", // v1 + DO
        "12340100000100000000000103777777076578616d706c6503636f6d00000100010000290064000000000000", // size 100
        "12340100000100000000000103777777076578616d706c6503636f6d0000010001000029100000000000000400", // bad rdlen
        "12340100000100000000000103777777076578616d706c6503636f6d0000010001000029100000000000000500010005ff", // bad option
        "12340100000100000000000103777777076578616d706c6503636f6d00000100010000291000000000000008000a0004aabbccdd", // option ok
        "12340100000100000000000003777777076578616d706c6503636f6d0000010001deadbeef", // trailing garbage
        "123407f00001000000000000037777770765786d706c6503636f6d0000010001", // all flags
        "12340100000100000000000003777777076578616d706c6503636f6d00000100fe", // class NONE
        "123401000001000000000000076578616d706c6503636f6d0000fc0001", // AXFR over UDP
        "123401000001000000000000076578616d706c6503636f6d0000fb0001", // IXFR
        "123401000001000000000000c00c00010001", // compressed qname
        "123401000001000000000000076578616d706c6503636f6d0000000001", // qtype 0
        "12340100000100000000000103777777076578616d706c6503636f6d000001000103616263000029100000000000000000", // opt with name
        "12340110000100000000000003777777076578616d706c6503636f6d0000010001", // CD set
        "12340120000100000000000003777777076578616d706c6503636f6d0000010001", // AD set
        "123424000001000000000000076578616d706c6503636f6d0000060001",
        "123420100001000000000000076578616d706c6503636f6d0000060001",
        "123420000002000000000000076578616d706c6503636f6d0000060001",
        "123420000001000000000001076578616d706c6503636f6d00000600010000291000000000000000",
        "123420000001000000000000076578616d706c65036f72670000060001",
        "12342400000100000000000003777777076578616d706c6503636f6d0000060001",
        "1234240000010000000000000765786d706c6503636f6d0000060001",
        "123401000001000000000001076578616d706c6503636f6d0000fc00010000291000000000000000",
        "123401000001000000000001076578616d706c6503636f6d0000fb00010000291000000000000000",
        "123401000001000000000001076578616d706c6503636f6d00000100030000291000000000000000",
        "123401000001000000000001076578616d706c6503636f6d00000100fe0000291000000000000000",
        "123401000001000000000001076578616d706c6503636f6d00000100ff0000291000000000000000",
        "123401000001000000000001046e6f7065076578616d706c6503636f6d00000100ff0000291000000000000000",
    };

    @Test
    void malformedAndOddQueriesMatchNsd() throws Exception {
        AuthServer server = new AuthServer(TestZones.zoneSet(), ServerConfig.defaults());
        List<String> diffs = new ArrayList<>();
        int n = 0;
        StringBuilder longName = new StringBuilder();
        for (int i = 0; i < 117; i++) longName.append("a.");
        for (int edns : new int[] {Queries.NO_EDNS, 1232, 4096}) {
            for (String prefix : new String[] {"", "B", "b.", "x.y."}) {
                String name = prefix + longName.substring(prefix.length()) + "dnloop.example.com.";
                n += compare(server, Queries.query(99, name, 1, 1, false, edns, false), "long dname " + prefix + " " + edns, diffs);
            }
        }
        for (String hex : RAW) {
            if (hex.length() % 2 == 1) hex = hex.substring(0, hex.length() - 1);
            n += compare(server, HexFormat.of().parseHex(hex), "raw " + hex, diffs);
        }
        assertTrue(diffs.isEmpty(), diffs.size() + " of " + n + " differ:\n" + String.join("\n", diffs));
    }

    @Test
    void randomQueriesMatchNsd() throws Exception {
        long seed = Long.getLong("seed", 20261128L);
        java.util.Random rnd = new java.util.Random(seed);
        AuthServer server = new AuthServer(TestZones.zoneSet(), ServerConfig.builder().memoEntriesMax(256).build());
        String[] prefixes = {"", "", "", "a.", "*.", "x.y.", "Zz."};
        int[] types = {1, 2, 5, 6, 15, 16, 28, 33, 43, 48, 255, 257, 65534, 12, 99, 0, 41};
        int[] sizes = {Queries.NO_EDNS, 0, 511, 512, 513, 600, 700, 800, 1000, 1232, 1300, 4096, 65535};
        List<String> diffs = new ArrayList<>();
        int n = 2500;
        for (int i = 0; i < n; i++) {
            String name = prefixes[rnd.nextInt(prefixes.length)] + NAMES[rnd.nextInt(NAMES.length)];
            if (name.endsWith("..")) name = name.substring(0, name.length() - 1);
            if (name.equals("*.") || name.equals("a.") || name.equals("x.y.") || name.equals("Zz.") ) name = name + "example.com.";
            StringBuilder b = new StringBuilder();
            for (char c : name.toCharArray()) b.append(rnd.nextInt(4) == 0 ? Character.toUpperCase(c) : c);
            byte[] q = Queries.query(rnd.nextInt(65536), b.toString(), types[rnd.nextInt(types.length)],
                    rnd.nextInt(20) == 0 ? 255 : 1, rnd.nextBoolean(), sizes[rnd.nextInt(sizes.length)], rnd.nextBoolean());
            compare(server, q, "seed " + seed + " #" + i + " " + b + " " + HexFormat.of().formatHex(q), diffs);
        }
        assertTrue(diffs.isEmpty(), diffs.size() + " of " + n + " random answers differ (rerun with -Dseed=" + seed + "):\n"
                + String.join("\n", diffs.subList(0, Math.min(5, diffs.size()))));
    }

    @Test
    void tcpAnswersMatchNsd() throws Exception {
        AuthServer server = new AuthServer(TestZones.zoneSet(), ServerConfig.defaults());
        List<String> diffs = new ArrayList<>();
        int n = 0, id = 7;
        for (String name : new String[] {"manya.example.com.", "deleg.example.com.", "big.example.com.", "c1.example.com.",
                "manymx.example.com.", "example.com.", "nope.example.com.", "example.org."}) {
            for (int type : new int[] {1, 15, 16, 255, 252, 251}) {
                for (int edns : new int[] {Queries.NO_EDNS, 1232}) {
                    byte[] q = Queries.query(id++, name, type, 1, false, edns, false);
                    byte[] theirs = nsd.askTcp(q);
                    MemorySegment out = MemorySegment.ofArray(new byte[65535]);
                    int len = server.answer(MemorySegment.ofArray(q), out, true);
                    byte[] ours = out.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                    n++;
                    if (type == 252 && theirs == null) continue; // NSD may close the stream on a refused AXFR
                    if (!java.util.Arrays.equals(theirs, ours)) {
                        diffs.add("tcp " + name + " " + type + " edns=" + edns + "\n  nsd:  " + (theirs == null ? "none" : HexFormat.of().formatHex(theirs))
                                + "\n  ours: " + HexFormat.of().formatHex(ours));
                    }
                }
            }
        }
        assertTrue(diffs.isEmpty(), diffs.size() + " of " + n + " TCP answers differ:\n" + String.join("\n", diffs));
    }

    static String flipCase(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(i % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    static int compare(AuthServer server, byte[] q, String what, List<String> diffs) throws Exception {
        byte[] theirs = nsd.ask(q);
        MemorySegment out = MemorySegment.ofArray(new byte[65535]);
        int len = server.answer(MemorySegment.ofArray(q), out, false);
        byte[] ours = out.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        if (theirs == null) {
            if (len != 0) diffs.add(what + ": NSD sent nothing, we sent " + HexFormat.of().formatHex(ours));
            return 1;
        }
        if (!java.util.Arrays.equals(theirs, ours)) {
            diffs.add(what + "\n  nsd:  " + HexFormat.of().formatHex(theirs) + "\n  ours: " + HexFormat.of().formatHex(ours)
                    + "\n" + dump("nsd", theirs) + dump("ours", ours));
        }
        return 1;
    }

    static String dump(String who, byte[] b) {
        try {
            return "  --- " + who + " ---\n" + new org.xbill.DNS.Message(b).toString() + "\n";
        } catch (Exception e) {
            return "  --- " + who + ": " + e + "\n";
        }
    }
}
