package dev.kiln.dns;

/**
 * Limits of the authoritative server. Build with {@link #builder()}; every field has a default.
 *
 * @param udpPayloadMax    the largest UDP answer we send and advertise in our OPT (RFC 6891 §6.2.5);
 *                         caps the client's EDNS size. Default 1232 (DNS flag day 2020), 512..65535.
 * @param memoEntriesMax   most memoised answers kept; the table is cleared when full. Default 65536 (a 10,000-name zone asked every common type fits).
 * @param memoBytesMax     bytes of memoised keys + answers; the table is cleared when full. Default 16 MiB.
 * @param cnameChainMax    most CNAMEs followed for one answer (loops stop earlier). Default 32.
 * @param extendedErrors   add an Extended DNS Error (RFC 8914) to REFUSED answers of EDNS queries, as
 *                         NSD does. Default true.
 */
public record ServerConfig(int udpPayloadMax, int memoEntriesMax, int memoBytesMax, int cnameChainMax, boolean extendedErrors) {
    public ServerConfig {
        if (udpPayloadMax < 512 || udpPayloadMax > 65535) throw new IllegalArgumentException("udpPayloadMax must be 512..65535, got " + udpPayloadMax);
        if (memoEntriesMax < 0 || memoEntriesMax > (1 << 24)) throw new IllegalArgumentException("memoEntriesMax must be 0..16777216, got " + memoEntriesMax);
        if (memoBytesMax < 0 || memoBytesMax > (1 << 30)) throw new IllegalArgumentException("memoBytesMax must be 0..1 GiB, got " + memoBytesMax);
        if (cnameChainMax < 1 || cnameChainMax > 1000) throw new IllegalArgumentException("cnameChainMax must be 1..1000, got " + cnameChainMax);
    }

    public static ServerConfig defaults() { return builder().build(); }
    public static Builder builder() { return new Builder(); }

    /** Builder with the defaults above. */
    public static final class Builder {
        private int udpPayloadMax = 1232, memoEntriesMax = 65536, memoBytesMax = 16 << 20, cnameChainMax = 32;
        private boolean extendedErrors = true;
        public Builder udpPayloadMax(int v) { udpPayloadMax = v; return this; }
        public Builder memoEntriesMax(int v) { memoEntriesMax = v; return this; }
        public Builder memoBytesMax(int v) { memoBytesMax = v; return this; }
        public Builder cnameChainMax(int v) { cnameChainMax = v; return this; }
        public Builder extendedErrors(boolean v) { extendedErrors = v; return this; }
        public ServerConfig build() { return new ServerConfig(udpPayloadMax, memoEntriesMax, memoBytesMax, cnameChainMax, extendedErrors); }
    }
}
