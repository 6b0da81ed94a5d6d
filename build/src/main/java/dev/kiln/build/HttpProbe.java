package dev.kiln.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The web appliance's training client: HTTP/1.1 requests over keep-alive connections to
 * {@code address:port}, and every other one over TLS to {@code tlsPort} (TLS 1.3 and 1.2 in turn),
 * covering the site's paths: 200, gzip, HEAD, 304, a range, 404, 405 and the dynamic routes; then
 * every file the site holds (identity, compressed, HEAD, a range, 304), so the cache's profiles
 * hold the large transfers too, not only small answers. Plain requests go out on
 * {@value #PARALLEL} connections at once (written to all, then read from all), so the appliance
 * serves several connections per turn as it will under load. Connections are renewed every
 * {@value #PER_CONNECTION} requests so accepts, handshakes and closes are trained too, every other plain
 * one abortively (a request in flight, then an RST). Not an HTTP
 * library: it reads a status line, the head and Content-Length bytes.
 */
final class HttpProbe implements TrainingProbe {
    static final int PER_CONNECTION = 25, PARALLEL = 4;
    private static final String[] FIXED = {
        "GET / HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /style.css HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n",
        "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: t\r\nIf-None-Match: *\r\n\r\n",
        "GET /api/time HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: t\r\nRange: bytes=0-9\r\n\r\n",
        "POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi",
    };

    /** Opens a connected socket (on the host, or from inside a training namespace). */
    interface Connector {
        Socket connect(InetSocketAddress to, int timeoutMs) throws IOException;
    }

    /** Connects from this process's own network namespace. */
    static final Connector HOST = (to, timeoutMs) -> {
        Socket s = new Socket();
        s.connect(to, timeoutMs);
        return s;
    };

    private final InetAddress address;
    private final int port, tlsPort;
    private final Connector connector;
    private final SSLContext tls;
    private final List<String> requests;
    private final Socket[] plain = new Socket[PARALLEL];
    private final int[] plainUses = new int[PARALLEL];
    private Socket secure;
    private int secureUses, handshakes, renewals;

    /**
     * @param tlsPort   the HTTPS port, or -1 for plain HTTP only
     * @param sitePaths the site's files (URL paths) to ask for besides the fixed mix
     */
    HttpProbe(InetAddress address, int port, int tlsPort, Connector connector, List<String> sitePaths) {
        this.address = address;
        this.port = port;
        this.tlsPort = tlsPort;
        this.connector = connector;
        this.requests = requests(sitePaths);
        try {
            tls = SSLContext.getInstance("TLS");
            // The training client talks to the image it is building, on loopback: it does not check the
            // (development) certificate; the interop tests do, with curl --cacert.
            tls.init(null, new TrustManager[] {new AnyServer()}, null);
        } catch (GeneralSecurityException e) {
            throw new BuildException("cannot set up the HTTPS training client: " + e.getMessage(), e);
        }
    }

    /** The fixed mix, then per site file: identity, compressed, HEAD, the first 100 bytes, and a 304. */
    static List<String> requests(List<String> sitePaths) {
        List<String> out = new ArrayList<>(List.of(FIXED));
        for (String path : sitePaths) {
            for (String extra : new String[] {"", "Accept-Encoding: br, gzip\r\n", "HEAD", "Range: bytes=0-99\r\n", "If-None-Match: *\r\n"}) {
                boolean head = extra.equals("HEAD");
                out.add((head ? "HEAD " : "GET ") + path + " HTTP/1.1\r\nHost: t\r\n" + (head ? "" : extra) + "\r\n");
            }
        }
        return List.copyOf(out);
    }

    @Override
    public long untilFirstAnswer(long deadlineNanos, BooleanSupplier alive) throws IOException {
        while (System.nanoTime() < deadlineNanos && alive.getAsBoolean()) {
            try {
                if (askTraining(5, 1000) > 0) return System.nanoTime(); // any status: a site need not have "/"
            } catch (IOException e) {
                // not listening yet
            }
            dropPlain();
            try {
                Thread.sleep(20); // polling a process that is starting up: nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    @Override
    public int askTraining(int i, int timeoutMs) throws IOException {
        boolean overTls = tlsPort > 0 && (i & 1) == 1;
        String req = requests.get((i / 2) % requests.size());
        boolean head = req.startsWith("HEAD");
        byte[] bytes = req.getBytes(StandardCharsets.US_ASCII);
        try {
            if (overTls) {
                Socket s = secure(timeoutMs);
                s.setSoTimeout(timeoutMs);
                send(s, bytes);
                return readResponse(s.getInputStream(), head);
            }
            for (int c = 0; c < PARALLEL; c++) send(plain(c, timeoutMs), bytes);
            int status = -1;
            for (int c = 0; c < PARALLEL; c++) {
                int got = readResponse(plain[c].getInputStream(), head);
                if (c == 0) status = got;
            }
            return status;
        } catch (IOException e) {
            if (overTls) { closeQuietly(secure); secure = null; }
            else dropPlain();
            return -1;
        }
    }

    private static void send(Socket s, byte[] bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private Socket plain(int c, int timeoutMs) throws IOException {
        if (plain[c] == null || ++plainUses[c] > PER_CONNECTION) {
            if (plain[c] != null && (renewals++ & 1) == 1) abort(plain[c]);
            else closeQuietly(plain[c]);
            plain[c] = connector.connect(new InetSocketAddress(address, port), timeoutMs);
            plainUses[c] = 1;
        }
        plain[c].setSoTimeout(timeoutMs);
        return plain[c];
    }

    /**
     * Closes as a client that goes away mid-response does (wrk at the end of a run, a browser leaving a page): a
     * request goes out, then the socket closes with SO_LINGER 0, so the appliance gets an RST while it sends.
     */
    private static void abort(Socket s) {
        try {
            send(s, FIXED[0].getBytes(StandardCharsets.US_ASCII));
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // the connection is going anyway
        }
        closeQuietly(s);
    }

    private void dropPlain() {
        for (int c = 0; c < PARALLEL; c++) {
            closeQuietly(plain[c]);
            plain[c] = null;
        }
    }

    private Socket secure(int timeoutMs) throws IOException {
        if (secure == null || ++secureUses > PER_CONNECTION) {
            closeQuietly(secure);
            Socket raw = connector.connect(new InetSocketAddress(address, tlsPort), timeoutMs);
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, "localhost", tlsPort, true);
            ssl.setEnabledProtocols(new String[] {(handshakes++ & 1) == 0 ? "TLSv1.3" : "TLSv1.2"});
            var p = ssl.getSSLParameters();
            p.setApplicationProtocols(new String[] {"http/1.1"});
            ssl.setSSLParameters(p);
            ssl.setSoTimeout(timeoutMs);
            ssl.startHandshake();
            secure = ssl;
            secureUses = 1;
        }
        return secure;
    }

    /** Reads one response; returns its status. */
    static int readResponse(InputStream in, boolean head) throws IOException {
        StringBuilder h = new StringBuilder();
        while (!h.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed inside a response head");
            h.append((char) b);
            if (h.length() > 65536) throw new IOException("response head too long");
        }
        String text = h.toString();
        int status = Integer.parseInt(text.substring(9, 12));
        long len = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) len = Long.parseLong(line.substring(15).trim());
        }
        if (!head && status != 304 && status != 204) in.skipNBytes(len);
        return status;
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a training connection
        }
    }

    @Override
    public void close() {
        dropPlain();
        closeQuietly(secure);
    }

    /** Accepts the appliance's certificate, whatever it is (see the constructor). */
    private static final class AnyServer implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
