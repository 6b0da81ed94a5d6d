package dev.kiln.dns.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes and hostile-input cases for the message codec. */
class MessageCodecTest {
    static byte[] hex(String s) { return HexFormat.of().parseHex(s); }

    /** A real `dig www.example.com A` query: RD, AD, EDNS 1232 with a client cookie (RFC 7873). */
    static final String DIG_QUERY = "a0b60120000100000000000103777777076578616d706c6503636f6d000001000100002904d000000000000c000a0008829f9a806ff4ebc2";
    /** NSD's answer to `example.com MX` (no EDNS): compressed owner names and MX/NS targets. */
    static final String NSD_MX_ANSWER = "abcd84000001000100020003076578616d706c6503636f6d00000f0001c00c000f000100000e100009000a046d61696cc00cc00c0002000100000e100006036e7331c00cc00c0002000100000e100011036e7332076578616d706c65036e657400c02b0001000100000e100004c0000219c03e0001000100000e100004c0000235c03e001c000100000e10001020010db8000000000000000000000053";

    @Test
    void decodesDigQueryWithEdnsAndCookie() {
        MessageCodec.Decoded d = MessageCodec.decode(hex(DIG_QUERY));
        assertTrue(d.ok());
        Message m = d.message();
        assertEquals(0xa0b6, m.header().id());
        assertTrue(m.header().rd());
        assertEquals(1, m.questions().size());
        assertArrayEquals(DnsNames.fromText("www.example.com."), m.questions().get(0).name());
        assertNotNull(m.edns());
        assertEquals(1232, m.edns().udpPayloadSize());
        assertEquals(0, m.edns().version());
        assertFalse(m.edns().dnssecOk());
        assertEquals(12, m.edns().options().length, "cookie option kept raw");
        assertEquals(10, m.edns().options()[1], "option code 10 = COOKIE");
        assertArrayEquals(hex(DIG_QUERY), m.encode(), "re-encodes to the same bytes");
    }

    @Test
    void decodesCompressedAnswerAndReEncodesIdentically() {
        Message m = MessageCodec.decode(hex(NSD_MX_ANSWER)).message();
        assertEquals(1, m.answers().size());
        assertArrayEquals(hex("000a046d61696c076578616d706c6503636f6d00"), m.answers().get(0).rdata(), "MX target decompressed");
        assertArrayEquals(DnsNames.fromText("ns2.example.net."), m.authorities().get(1).rdata());
        assertEquals(3, m.additionals().size());
        assertArrayEquals(hex(NSD_MX_ANSWER), m.encode(), "our compression matches NSD's here");
    }

    @Test
    void srvTargetsAreNeitherDecompressedNorCompressed() {
        byte[] target = DnsNames.fromText("example.com.");
        byte[] rdata = new byte[6 + target.length];
        System.arraycopy(target, 0, rdata, 6, target.length);
        Message m = new Message(new Header(1, 0x8400), List.of(new Question(target, 33, 1)),
                List.of(new ResourceRecord(target, 33, 1, 60, rdata)), List.of(), List.of(), null);
        byte[] wire = m.encode();
        // owner compressed to the question, SRV target written in full
        assertEquals(12 + 17 + 2 + 10 + rdata.length, wire.length);
        assertEquals(m, MessageCodec.decode(wire).message());
    }

    @Test
    void pointerLoopsAndForwardPointersAreRejected() {
        // question name is a pointer to itself
        assertEquals(DnsError.BAD_POINTER, MessageCodec.decode(hex("000000000001000000000000c00c00010001")).error());
        // forward pointer
        assertEquals(DnsError.BAD_POINTER, MessageCodec.decode(hex("000000000001000000000000c01000010001000000")).error());
        // label then pointer back to that label: a loop through a "backward" pointer
        assertEquals(DnsError.BAD_POINTER, MessageCodec.decode(hex("00000000000100000000000001 61 c00c 00010001".replace(" ", ""))).error());
    }

    @Test
    void overlongNamesAndBadLabelsAreRejected() {
        StringBuilder sb = new StringBuilder("000000000001000000000000");
        for (int i = 0; i < 5; i++) sb.append("3f").append("61".repeat(63));
        sb.append("0000010001");
        assertEquals(DnsError.NAME_TOO_LONG, MessageCodec.decode(hex(sb.toString())).error());
        assertEquals(DnsError.BAD_LABEL_TYPE, MessageCodec.decode(hex("0000000000010000000000004100010001")).error());
        assertEquals(DnsError.TRUNCATED_NAME, MessageCodec.decode(hex("0000000000010000000000000377777705616200")).error());
        assertEquals(DnsError.TRUNCATED_QUESTION, MessageCodec.decode(hex("000000000001000000000000037777770000")).error());
        assertEquals(DnsError.SHORT_HEADER, MessageCodec.decode(hex("0000")).error());
        assertEquals(DnsError.TOO_MANY_RECORDS, MessageCodec.decode(hex("0000000000ff00000000000000000100")).error());
    }

    @Test
    void optRules() {
        String q = "000000000001000000000002" + "0000010001";
        String opt = "0000291000000000000000";
        assertEquals(DnsError.MULTIPLE_OPT, MessageCodec.decode(hex(q + opt + opt)).error());
        assertEquals(DnsError.BAD_OPT, MessageCodec.decode(hex("000000000001000100000000" + "0000010001" + opt)).error());
        assertEquals(DnsError.BAD_OPT_OPTIONS, MessageCodec.decode(hex("000000000001000000000001" + "0000010001" + "000029100000000000000300010a")).error());
        Message m = MessageCodec.decode(hex("000000000001000000000001" + "0000010001" + "0000" + "29" + "1000" + "01" + "80" + "8000" + "0000")).message();
        assertEquals(1, m.edns().extendedRcode());
        assertEquals(0x80, m.edns().version());
        assertEquals(16, m.rcode());
    }

    @Test
    void badRdataOfWellKnownTypes() {
        // CNAME whose RDLENGTH says 3 but the name inside is longer
        String m = "000084000001000100000000" + "0000010001" + "00000500010000000000030377777700";
        assertEquals(DnsError.BAD_RDATA, MessageCodec.decode(hex(m)).error());
    }
}
