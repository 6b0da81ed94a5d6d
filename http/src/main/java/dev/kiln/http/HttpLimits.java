package dev.kiln.http;

/**
 * Every limit an HTTP connection enforces (DESIGN §2.8), checked once when built. A request over a
 * limit is answered with the status in brackets and the connection is closed.
 *
 * @param requestLineBytesMax longest request line, without its CRLF [414]
 * @param headerBytesMax      longest request head: request line, fields and the empty line [431]
 * @param headerCountMax      most header fields in one request [431]
 * @param bodyBytesMax        largest request body, after chunked decoding [413]
 * @param idleNs              how long a connection may be silent (between or inside requests) before
 *                            it is closed; a partial request then gets 408
 * @param outputBytesMax      response bytes queued but not yet drained, above which the session stops
 *                            reading pipelined requests until the peer reads (back-pressure)
 */
public record HttpLimits(int requestLineBytesMax, int headerBytesMax, int headerCountMax, int bodyBytesMax,
                         long idleNs, int outputBytesMax) {
    /** 8 KiB request line, 16 KiB head, 100 fields, 1 MiB body, 30 s idle, 256 KiB queued output. */
    public static final HttpLimits DEFAULTS = new HttpLimits(8192, 16384, 100, 1 << 20, 30_000_000_000L, 256 << 10);

    public HttpLimits {
        check(requestLineBytesMax >= 16 && requestLineBytesMax <= 1 << 20, "requestLineBytesMax", "16..1048576");
        check(headerBytesMax >= requestLineBytesMax && headerBytesMax <= 1 << 22, "headerBytesMax", "requestLineBytesMax..4194304");
        check(headerCountMax >= 1 && headerCountMax <= 10_000, "headerCountMax", "1..10000");
        check(bodyBytesMax >= 0 && bodyBytesMax <= 1 << 30, "bodyBytesMax", "0..1073741824");
        check(idleNs > 0, "idleNs", "> 0");
        check(outputBytesMax >= 1024, "outputBytesMax", ">= 1024");
    }

    /** Bytes of input a session buffers: a whole head plus room to pipeline the next one. */
    int inputBufferBytes() { return headerBytesMax + 4096; }

    private static void check(boolean ok, String name, String range) {
        if (!ok) throw new IllegalArgumentException("HttpLimits." + name + " must be " + range);
    }
}
