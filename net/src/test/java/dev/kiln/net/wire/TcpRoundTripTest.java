package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.*;
import net.jqwik.api.constraints.*;

/** TCP repr → emit → checked wrap → parse gives the repr back, options included. */
class TcpRoundTripTest {

    @Property
    void segment(@ForAll @IntRange(max = 0xFFFF) int sp, @ForAll @IntRange(max = 0xFFFF) int dp, @ForAll int seq, @ForAll int ack,
                 @ForAll @IntRange(max = 0xFF) int flags, @ForAll @IntRange(max = 0xFFFF) int window,
                 @ForAll @IntRange(max = 0xFFFF) int urgent, @ForAll("options") TcpOptionsRepr o,
                 @ForAll @Size(max = 1460) byte[] payload, @ForAll int srcIp, @ForAll int dstIp) {
        TcpRepr r = new TcpRepr(sp, dp, seq, ack, flags, window, urgent, o, payload.length);
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen() + payload.length]);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, s, r.bufferLen(), payload.length);
        r.emit(new TcpPacket().wrap(s, 0, 0), srcIp, dstIp);
        TcpPacket v = new TcpPacket();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, (int) s.byteSize()));
        assertEquals(WireError.OK, TcpRepr.check(v, srcIp, dstIp));
        assertEquals(r, TcpRepr.parse(v, srcIp, dstIp));
        assertEquals(r.bufferLen(), v.payloadOffset());
    }

    private final TcpRepr scratch = TcpRepr.scratch(); // one for every try, as a receiver keeps one

    /** A scratch repr read segment after segment ({@link TcpRepr#readFrom}) holds what {@link TcpRepr#parse} builds, or fails where it does. */
    @Property
    void scratchReadsAsParseDoes(@ForAll("options") TcpOptionsRepr o, @ForAll @IntRange(max = 0xFFFF) int sp, @ForAll int seq,
                                 @ForAll @IntRange(max = 0xFF) int flags, @ForAll @IntRange(max = 40) int flip, @ForAll byte to) {
        TcpRepr r = new TcpRepr(sp, 80, seq, ~seq, flags, 1000, 0, o, 3);
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen() + 3]);
        r.emit(new TcpPacket().wrap(s, 0, 0), 1, 2);
        if (flip < o.bufferLen()) s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, TcpPacket.HEADER_LEN + flip, to); // options broken now and then
        TcpPacket v = new TcpPacket();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, (int) s.byteSize()));
        TcpOptionsRepr parsed = TcpOptionsRepr.parse(v.segment(), v.optionsOffset(), v.optionsLen());
        WireError e = scratch.readFrom(v);
        assertEquals(parsed == null, e != WireError.OK, "the same verdict");
        if (parsed == null) return;
        assertEquals(new TcpRepr(sp, 80, seq, ~seq, flags, 1000, 0, parsed, 3), scratch);
        assertEquals(parsed.sack(), scratch.options().sack());
        assertThrows(UnsupportedOperationException.class, () -> scratch.options().sack().clear(), "a scratch's SACK blocks are read-only to its readers");
    }

    @Provide
    Arbitrary<TcpOptionsRepr> options() {
        Arbitrary<Integer> mss = Arbitraries.integers().between(-1, 0xFFFF);
        Arbitrary<Integer> ws = Arbitraries.integers().between(-1, 0xFF);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<List<TcpSackBlock>> sack = Combinators.combine(Arbitraries.integers(), Arbitraries.integers())
                .as(TcpSackBlock::new).list().ofMaxSize(4);
        Arbitrary<long[]> ts = Arbitraries.longs().array(long[].class).ofSize(2);
        return Combinators.combine(mss, ws, bool, sack, bool, ts).as((m, w, sp, sk, t, tv) -> {
            List<TcpSackBlock> blocks = new ArrayList<>(sk);
            TcpOptionsRepr o = new TcpOptionsRepr(m, w, sp, List.of(), t, t ? (int) tv[0] : 0, t ? (int) tv[1] : 0);
            while (!blocks.isEmpty()) { // drop blocks until the options fit in 40 bytes
                try { return o.withSack(blocks); } catch (IllegalArgumentException tooBig) { blocks.removeLast(); }
            }
            return o;
        });
    }
}
