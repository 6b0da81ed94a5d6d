package dev.kiln.dns.wire;

/** RR TYPE and CLASS numbers, and where the compressible names sit in each type's RDATA. */
public final class RrType {
    private RrType() {}
    public static final int A = 1, NS = 2, MD = 3, MF = 4, CNAME = 5, SOA = 6, MB = 7, MG = 8, MR = 9,
            NULL = 10, WKS = 11, PTR = 12, HINFO = 13, MINFO = 14, MX = 15, TXT = 16, RT = 21,
            AAAA = 28, SRV = 33, KX = 36, DNAME = 39, OPT = 41, DS = 43, RRSIG = 46, NSEC = 47,
            DNSKEY = 48, NSEC3 = 50, IXFR = 251, AXFR = 252, MAILB = 253, MAILA = 254, ANY = 255, CAA = 257;
    public static final int CLASS_IN = 1, CLASS_CH = 3, CLASS_HS = 4, CLASS_NONE = 254, CLASS_ANY = 255;

    /**
     * Layout of RDATA for the RFC 1035 types whose names may be compressed (RFC 3597 §4):
     * 0 = not one of them (RDATA is opaque); 1 = one name (NS, MD, MF, CNAME, MB, MG, MR, PTR);
     * 2 = two names (MINFO); 3 = SOA (two names + 20 bytes); 4 = MX (16-bit preference + name).
     */
    public static int compressedLayout(int type) {
        return switch (type) {
            case NS, MD, MF, CNAME, MB, MG, MR, PTR -> 1;
            case MINFO -> 2;
            case SOA -> 3;
            case MX -> 4;
            default -> 0;
        };
    }
}
