package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/** Test helper: hex text ↔ heap segments. */
public final class Hex {
    private Hex() {}

    public static MemorySegment seg(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
    }

    public static String hex(MemorySegment s, long off, long len) {
        return HexFormat.of().formatHex(s.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE));
    }

    public static String hex(MemorySegment s) { return hex(s, 0, s.byteSize()); }
}
