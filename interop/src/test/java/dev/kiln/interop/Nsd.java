package dev.kiln.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * NSD, the reference server, in the foreground ({@code -d}) inside the namespace, serving the
 * same zone files as the appliance (copied with their $INCLUDEs into a temp zonesdir). Its
 * config turns response-rate limiting off (Debian enables it) and keeps every file in the temp dir.
 * {@link #start} returns only once NSD answers an SOA query for every zone.
 */
final class Nsd implements AutoCloseable {
    private static final Duration READY_LIMIT = Duration.ofSeconds(20);

    private final Daemon daemon;
    private final Path dir;
    private final String address;
    private final int port;

    private Nsd(Daemon daemon, Path dir, String address, int port) {
        this.daemon = daemon;
        this.dir = dir;
        this.address = address;
        this.port = port;
    }

    /**
     * @param zones     zone origin (e.g. "example.com.") → master file; the file's directory is copied
     *                  whole so relative $INCLUDEs resolve (NSD reads them relative to zonesdir)
     */
    static Nsd start(Namespace ns, WireClient client, String address, int port, List<ZoneFile> zones)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kiln-it-nsd");
        StringBuilder conf = new StringBuilder();
        conf.append("server:\n")
                .append("  ip-address: ").append(address).append('\n')
                .append("  port: ").append(port).append('\n')
                .append("  server-count: 1\n")
                .append("  verbosity: 1\n")
                .append("  username: \"\"\n")
                .append("  chroot: \"\"\n")
                .append("  zonesdir: \"").append(dir).append("\"\n")
                .append("  database: \"\"\n")
                .append("  pidfile: \"").append(dir.resolve("nsd.pid")).append("\"\n")
                .append("  xfrdfile: \"").append(dir.resolve("xfrd.state")).append("\"\n")
                .append("  zonelistfile: \"").append(dir.resolve("zone.list")).append("\"\n")
                .append("  xfrdir: \"").append(dir).append("\"\n")
                .append("  logfile: \"").append(dir.resolve("nsd.log")).append("\"\n")
                // Debian's NSD rate-limits repeated answers (200/s per source): a reference must not.
                .append("  rrl-ratelimit: 0\n")
                .append("  rrl-whitelist-ratelimit: 0\n")
                .append("  do-ip6: no\n")
                .append("  hide-version: yes\n")
                .append("remote-control:\n")
                .append("  control-enable: no\n");
        for (ZoneFile z : zones) {
            try (var files = Files.list(z.file().getParent())) {
                for (Path f : files.toList()) {
                    if (Files.isRegularFile(f)) Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            conf.append("zone:\n")
                    .append("  name: \"").append(z.origin()).append("\"\n")
                    .append("  zonefile: \"").append(dir.resolve(z.file().getFileName())).append("\"\n");
        }
        Path confFile = dir.resolve("nsd.conf");
        Files.writeString(confFile, conf);

        Proc.Result check = Proc.run(Duration.ofSeconds(10), Env.NSD.orElseThrow().resolveSibling("nsd-checkconf").toString(), confFile.toString());
        if (!check.ok() && Files.exists(Env.NSD.orElseThrow().resolveSibling("nsd-checkconf"))) {
            Proc.deleteTree(dir);
            throw new IllegalStateException("nsd-checkconf rejected our nsd.conf:\n" + conf + "\n" + check.describe());
        }

        List<String> cmd = new ArrayList<>(List.of(Env.NSD.orElseThrow().toString(), "-d", "-c", confFile.toString()));
        Daemon d = ns.start("nsd@" + address + ":" + port, cmd);
        Nsd nsd = new Nsd(d, dir, address, port);
        try {
            nsd.awaitReady(client, zones);
            return nsd;
        } catch (IOException | InterruptedException | RuntimeException e) {
            nsd.close();
            throw e;
        }
    }

    /** Polls with SOA queries (each bounded by the client's timeout) until every zone answers, or fails with NSD's log. */
    private void awaitReady(WireClient client, List<ZoneFile> zones) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        for (ZoneFile z : zones) {
            byte[] q = Query.of(z.origin(), org.xbill.DNS.Type.SOA).wire();
            while (true) {
                if (!daemon.isAlive()) throw new IllegalStateException("NSD exited while starting:\n" + log());
                WireClient.Reply r = client.ask(address, port, q, Duration.ofMillis(300));
                if (r.response() != null && r.response().length >= 4 && (r.response()[3] & 0x0f) == 0) break;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("NSD did not answer SOA " + z.origin() + " within " + READY_LIMIT
                            + " (last: " + r + "):\n" + log());
                }
            }
        }
    }

    String address() { return address; }

    int port() { return port; }

    /** NSD's console output and its log file, for failure messages. */
    String log() {
        String file = "";
        try {
            Path f = dir.resolve("nsd.log");
            if (Files.exists(f)) file = Files.readString(f);
        } catch (IOException e) {
            file = "(cannot read nsd.log: " + e + ")";
        }
        return daemon.describe() + "--- nsd.log ---\n" + file + "--- end of nsd.log ---\n";
    }

    boolean isAlive() { return daemon.isAlive(); }

    ProcessHandle handle() { return daemon.handle(); }

    @Override
    public void close() {
        try {
            daemon.close();
        } finally {
            Proc.deleteTree(dir);
        }
    }
}
