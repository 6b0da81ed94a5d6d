package dev.kiln.examples.dns;

import dev.kiln.dns.tcp.DnsTcpServer;
import dev.kiln.dns.tcp.DnsTcpSession;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import java.lang.foreign.MemorySegment;

/**
 * DNS over TCP on a {@link dev.kiln.net.TcpListener}: maps the TCP API's callbacks onto
 * {@link DnsTcpSession}s. A session with an answer it could not hand over pauses reading (so a
 * client that does not read its answers stops being read), and resumes once the answer is out; the
 * idle deadline is the connection's timer. One object per connection (session and sink), nothing per query.
 */
final class DnsTcpHandler implements TcpHandler {
    private final DnsTcpServer server;

    DnsTcpHandler(DnsTcpServer server) { this.server = server; }

    /** A connection's state: its session and the sink that writes into its send buffer. */
    private record Conn(DnsTcpSession session, DnsTcpServer.Sink sink) { }

    private static Conn of(TcpConnection c) { return (Conn) c.attachment(); }

    @Override
    public void onAccepted(TcpConnection c, long nowNs) {
        DnsTcpSession s = server.open(nowNs);
        c.attach(new Conn(s, c::write));
        c.timerAt(s.deadlineNs());
    }

    @Override
    public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
        Conn k = of(c);
        int used = k.session.onBytes(data, nowNs, k.sink);
        next(c, k.session);
        return used;
    }

    @Override
    public void onWritable(TcpConnection c, long nowNs) {
        Conn k = of(c);
        if (k.session.onWritable(nowNs, k.sink) && !k.session.closeWanted()) c.resumeReading();
        next(c, k.session);
    }

    @Override
    public void onTimer(TcpConnection c, long nowNs) {
        DnsTcpSession s = of(c).session;
        if (!s.idle(nowNs)) c.timerAt(s.deadlineNs());
        else if (c.unsent() > 0 || s.blocked()) c.abort(); // the peer stopped reading: do not wait for it
        else c.close();
    }

    /** After the session ran: pause while an answer waits, close when it asked to and all is handed over. */
    private static void next(TcpConnection c, DnsTcpSession s) {
        if (s.blocked()) c.pauseReading();
        else if (s.closeWanted()) { c.close(); return; }
        c.timerAt(s.deadlineNs());
    }
}
