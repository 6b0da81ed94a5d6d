package dev.kiln.dns;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Memoised answers: a bounded open-addressing table over byte keys, with keys and answers stored
 * in one arena. Lookups allocate nothing; the arena starts at 64 KiB and doubles as answers are
 * stored, up to its byte budget (so a boot does not zero 16 MiB it may never use), after which
 * inserts allocate nothing either. When the entry or byte budget is used up the whole table is
 * cleared (a flood of distinct names cannot grow memory).
 */
final class ResponseMemo {
    private static final int ARENA_START = 64 << 10;
    private final int[] slotOffset;   // arena offset of the entry + 1, 0 = empty (a fresh array is all empty)
    private final int[] slotHash;
    private final int mask;
    private final int entriesMax;
    private final int bytesMax;
    private byte[] arena;
    private int arenaPos;
    private int entries;
    long clears;

    ResponseMemo(int entriesMax, int bytesMax) {
        int cap = Integer.highestOneBit(Math.max(2, entriesMax) * 2 - 1) << 1;
        this.slotOffset = new int[entriesMax == 0 ? 0 : cap];
        this.slotHash = new int[entriesMax == 0 ? 0 : cap];
        this.mask = cap - 1;
        this.entriesMax = entriesMax;
        this.bytesMax = entriesMax == 0 ? 0 : bytesMax;
        this.arena = new byte[Math.min(this.bytesMax, ARENA_START)];
    }

    static int hash(byte[] key, int len) {
        int h = 0x811C9DC5;
        for (int i = 0; i < len; i++) { h ^= key[i]; h *= 0x01000193; }
        return h ^ (h >>> 16);
    }

    /** Copies the stored answer for {@code key} into {@code out}; returns its length or -1 if absent or too big. */
    int get(byte[] key, int keyLen, int hash, MemorySegment out) {
        if (entriesMax == 0) return -1;
        int i = hash & mask;
        while (true) {
            int off = slotOffset[i] - 1;
            if (off < 0) return -1;
            if (slotHash[i] == hash && keyEquals(off, key, keyLen)) {
                int respLen = u16(off + 2);
                if (respLen > out.byteSize()) return -1;
                MemorySegment.copy(arena, off + 4 + keyLen, out, ValueLayout.JAVA_BYTE, 0, respLen);
                return respLen;
            }
            i = (i + 1) & mask;
        }
    }

    void put(byte[] key, int keyLen, int hash, byte[] resp, int respLen) {
        if (entriesMax == 0) return;
        int need = 4 + keyLen + respLen;
        if (need > bytesMax) return;
        if (arenaPos + need > arena.length && arena.length < bytesMax) {
            arena = java.util.Arrays.copyOf(arena, (int) Math.min(bytesMax, Math.max(2L * arena.length, (long) arenaPos + need)));
        }
        if (entries >= entriesMax || arenaPos + need > arena.length) clear();
        int i = hash & mask;
        while (slotOffset[i] > 0) {
            if (slotHash[i] == hash && keyEquals(slotOffset[i] - 1, key, keyLen)) return; // already there
            i = (i + 1) & mask;
        }
        int off = arenaPos;
        arena[off] = (byte) (keyLen >>> 8); arena[off + 1] = (byte) keyLen;
        arena[off + 2] = (byte) (respLen >>> 8); arena[off + 3] = (byte) respLen;
        System.arraycopy(key, 0, arena, off + 4, keyLen);
        System.arraycopy(resp, 0, arena, off + 4 + keyLen, respLen);
        arenaPos += need;
        slotOffset[i] = off + 1;
        slotHash[i] = hash;
        entries++;
    }

    int size() { return entries; }

    private void clear() {
        java.util.Arrays.fill(slotOffset, 0);
        arenaPos = 0;
        entries = 0;
        clears++;
    }

    private boolean keyEquals(int off, byte[] key, int keyLen) {
        if (u16(off) != keyLen) return false;
        return java.util.Arrays.equals(arena, off + 4, off + 4 + keyLen, key, 0, keyLen);
    }

    private int u16(int off) { return ((arena[off] & 0xFF) << 8) | (arena[off + 1] & 0xFF); }
}
