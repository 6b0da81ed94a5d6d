package dev.kiln.site.compiler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Precompressed files beside a site's files, as nginx's {@code gzip_static} and {@code brotli_static}
 * take them: {@code X.br} (brotli, RFC 7932) or {@code X.gz} (gzip, RFC 1952) next to {@code X} is
 * baked as X's coded variant instead of being served at its own path. Each is decoded at build time
 * and must give X's exact bytes: a stale or corrupt one would serve the wrong content, so it stops
 * the build. Decoding stops one byte past X's length, so a hostile file cannot make it grow without bound.
 */
enum Precompressed {
    BR(".br", "brotli -f -k"), GZ(".gz", "gzip -f -k -9");

    final String suffix;
    private final String tool;

    Precompressed(String suffix, String tool) {
        this.suffix = suffix;
        this.tool = tool;
    }

    /** The coding whose suffix {@code name} ends with, or null. */
    static Precompressed of(String name) {
        for (Precompressed p : values()) if (name.endsWith(p.suffix) && name.length() > p.suffix.length()) return p;
        return null;
    }

    /**
     * Null if {@code coded} (the file {@code codedName}) decodes to exactly {@code original} (the file
     * {@code originalName}), else the problem and its fix, for the build's error.
     */
    String check(String codedName, byte[] coded, String originalName, byte[] original) {
        byte[] got;
        try (InputStream in = decoder(coded)) {
            got = in.readNBytes(original.length + 1);
        } catch (IOException | RuntimeException e) { // the brotli decoder throws BrotliRuntimeException on bad input
            return codedName + ": not a valid " + name() + " stream (" + e.getMessage() + ") — " + fix(originalName, codedName);
        }
        if (got.length == original.length && Arrays.equals(got, original)) return null;
        String how = got.length > original.length ? "more bytes than " + originalName + "'s " + original.length
                : got.length != original.length ? got.length + " bytes, " + originalName + " has " + original.length
                : "bytes that differ from " + originalName + "'s";
        return codedName + ": does not decode to " + originalName + " (it gives " + how + "; stale after an edit?) — " + fix(originalName, codedName);
    }

    private String fix(String originalName, String codedName) {
        return "compress it again with " + tool + " " + originalName + ", or delete " + codedName;
    }

    private InputStream decoder(byte[] coded) throws IOException {
        ByteArrayInputStream raw = new ByteArrayInputStream(coded);
        return this == BR ? new BrotliInputStream(raw) : new GZIPInputStream(raw);
    }
}
