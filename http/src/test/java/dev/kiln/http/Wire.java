package dev.kiln.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test driver: feeds a session byte strings in given pieces and collects everything it answers. */
final class Wire {
    static final long T0 = 1_000_000_000L;
    /** 2026-11-28T12:00:00Z at nowNs = 0, so golden responses carry a fixed Date. */
    static final WallClock CLOCK = WallClock.fixedOffset(1_795_867_200L);

    final List<AccessEntry> log = new ArrayList<>();
    final HttpServer server;
    final HttpSession session;

    Wire(Handler h) { this(h, HttpLimits.DEFAULTS); }

    Wire(Handler h, HttpLimits limits) {
        server = new HttpServer(h, limits, CLOCK, log::add);
        session = server.accept("192.0.2.9", T0);
    }

    /** Feeds all of {@code s} (draining whenever the session takes less), returns what came out. */
    String send(String s) { return send(s.getBytes(StandardCharsets.ISO_8859_1), new int[] {Integer.MAX_VALUE}); }

    String send(byte[] b, int[] pieces) {
        StringBuilder out = new StringBuilder();
        int off = 0, i = 0;
        while (off < b.length) {
            int len = Math.min(b.length - off, Math.max(1, pieces[i++ % pieces.length]));
            int stuck = 0;
            while (len > 0) {
                int n = session.receive(b, off, len, T0);
                off += n; len -= n;
                out.append(drain());
                if (n == 0 && ++stuck > 2) throw new AssertionError("session takes no input and has no output");
            }
        }
        return out.append(drain()).toString();
    }

    String drain() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        StringBuilder s = new StringBuilder();
        while (session.drain(buf.clear(), T0) > 0) s.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
        return s.toString();
    }

    /** Echoes method, path, query and body, so responses show what was parsed. */
    static Response echo(Request r) {
        String q = r.query() == null ? "" : "?" + r.query();
        return Response.text(200, r.method() + " " + r.path() + q + " " + new String(r.body(), StandardCharsets.ISO_8859_1));
    }
}
