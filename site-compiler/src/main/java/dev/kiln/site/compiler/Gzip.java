package dev.kiln.site.compiler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic gzip (RFC 1952) with java.util.zip at the best level: GZIPOutputStream writes MTIME 0,
 * no file name and a fixed OS byte, so the same bytes give the same output on the same JDK.
 */
final class Gzip {
    private Gzip() {}

    static byte[] compress(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) { { def.setLevel(Deflater.BEST_COMPRESSION); } }) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
