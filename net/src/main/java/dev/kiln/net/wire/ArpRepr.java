package dev.kiln.net.wire;

/** An Ethernet/IPv4 ARP request or reply (RFC 826). */
public record ArpRepr(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
    public ArpRepr {
        if (operation != ArpPacket.OP_REQUEST && operation != ArpPacket.OP_REPLY)
            throw new IllegalArgumentException("ARP operation is 1 (request) or 2 (reply): " + operation);
        if ((senderMac >>> 48) != 0 || (targetMac >>> 48) != 0) throw new IllegalArgumentException("MAC addresses are 48 bits");
    }

    /** A request: who has {@code targetIp}? tell {@code senderIp}. */
    public static ArpRepr request(long senderMac, int senderIp, int targetIp) {
        return new ArpRepr(ArpPacket.OP_REQUEST, senderMac, senderIp, Mac.ZERO, targetIp);
    }

    /** Parses a checked view. @return the repr, or null if {@link #check} refuses it */
    public static ArpRepr parse(ArpPacket p) {
        if (check(p) != WireError.OK) return null;
        return new ArpRepr(p.operation(), p.senderMac(), p.senderIp(), p.targetMac(), p.targetIp());
    }

    /** Whether a checked view holds an Ethernet/IPv4 request or reply; usable on the hot path without a repr. */
    public static WireError check(ArpPacket p) {
        if (p.hardwareType() != ArpPacket.HTYPE_ETHERNET || p.hardwareLen() != 6) return WireError.UNSUPPORTED_HARDWARE;
        if (p.protocolType() != EthernetFrame.ETHERTYPE_IPV4 || p.protocolLen() != 4) return WireError.UNSUPPORTED_PROTOCOL;
        int op = p.operation();
        if (op != ArpPacket.OP_REQUEST && op != ArpPacket.OP_REPLY) return WireError.UNSUPPORTED_OPERATION;
        return WireError.OK;
    }

    public int bufferLen() { return ArpPacket.LEN; }

    public void emit(ArpPacket p) {
        p.setHardwareType(ArpPacket.HTYPE_ETHERNET);
        p.setProtocolType(EthernetFrame.ETHERTYPE_IPV4);
        p.setHardwareLen(6);
        p.setProtocolLen(4);
        p.setOperation(operation);
        p.setSenderMac(senderMac);
        p.setSenderIp(senderIp);
        p.setTargetMac(targetMac);
        p.setTargetIp(targetIp);
    }
}
