package dev.kiln.http;

import java.util.Arrays;

/**
 * Decodes a chunked request body (RFC 9112 §7.1) incrementally into a bounded buffer. Chunk
 * extensions and trailer fields are read and discarded (§7.1.1, §7.1.2), their bytes counted against
 * the head limit. Line ends are CRLF or a bare LF, as for the head.
 */
final class ChunkedDecoder {
    private enum State { SIZE, EXT, SIZE_LF, DATA, DATA_END, DATA_LF, TRAILER, DONE }

    private final int bodyMax, metaMax;
    private State state = State.SIZE;
    private long remaining;
    private int sizeDigits, meta, trailerLine;
    private byte[] body = new byte[256];
    private int bodyLen;
    private int error;                                       // 0, 400 or 413

    ChunkedDecoder(int bodyMax, int metaMax) { this.bodyMax = bodyMax; this.metaMax = metaMax; }

    boolean done() { return state == State.DONE; }
    int error() { return error; }
    byte[] body() { return Arrays.copyOf(body, bodyLen); }

    /** Consumes bytes up to the end of the body or an error; returns how many it used. */
    int feed(byte[] b, int off, int len) {
        int i = 0;
        while (i < len && state != State.DONE && error == 0) {
            byte c = b[off + i];
            switch (state) {
                case SIZE -> {
                    int d = Character.digit(c, 16);
                    if (d >= 0) {
                        if (++sizeDigits > 16) return fail(413, i);
                        remaining = remaining << 4 | d;
                        if (remaining > bodyMax - bodyLen) return fail(413, i);
                    } else if (sizeDigits == 0) {
                        return fail(400, i);
                    } else if (c == ';' || c == ' ' || c == '\t') {
                        state = State.EXT;
                    } else if (c == '\r') {
                        state = State.SIZE_LF;
                    } else if (c == '\n') {
                        endSizeLine();
                    } else {
                        return fail(400, i);
                    }
                }
                case EXT -> {
                    if (++meta > metaMax) return fail(400, i);
                    if (c == '\n') endSizeLine();
                    else if (c == '\r') state = State.SIZE_LF;
                    else if ((c != '\t' && (c & 0xFF) < 0x20) || c == 0x7F) return fail(400, i);
                }
                case SIZE_LF -> { if (c == '\n') endSizeLine(); else return fail(400, i); }
                case DATA -> {
                    int n = (int) Math.min(remaining, len - i);
                    append(b, off + i, n);
                    remaining -= n;
                    i += n;
                    if (remaining == 0) state = State.DATA_END;
                    continue;
                }
                case DATA_END -> {
                    if (c == '\r') state = State.DATA_LF;
                    else if (c == '\n') state = State.SIZE;
                    else return fail(400, i);
                }
                case DATA_LF -> { if (c == '\n') state = State.SIZE; else return fail(400, i); }
                case TRAILER -> {
                    if (++meta > metaMax) return fail(431, i);
                    if (c == '\n') {
                        if (trailerLine == 0) state = State.DONE;
                        trailerLine = 0;
                    } else if (c != '\r') {
                        trailerLine++;
                    }
                }
                case DONE -> { }
            }
            i++;
        }
        return i;
    }

    private void endSizeLine() {
        if (remaining == 0) { state = State.TRAILER; trailerLine = 0; }
        else state = State.DATA;
        sizeDigits = 0;
    }

    private int fail(int status, int at) { error = status; return at; }

    private void append(byte[] b, int off, int n) {
        if (bodyLen + n > body.length) body = Arrays.copyOf(body, Math.max(bodyLen + n, Math.min(bodyMax, body.length * 2)));
        System.arraycopy(b, off, body, bodyLen, n);
        bodyLen += n;
    }
}
