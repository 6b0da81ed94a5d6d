package dev.kiln.interop;

/** Stops a test's fixtures: the client and servers in order, each tried, and the namespace last, whatever failed before. */
final class Teardown {
    private Teardown() {}

    static void all(Namespace ns, AutoCloseable... inOrder) {
        IllegalStateException failed = null;
        for (AutoCloseable c : inOrder) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                if (failed == null) failed = new IllegalStateException("teardown: closing " + c + " failed: " + e.getMessage(), e);
            }
        }
        if (ns != null) ns.close();
        if (failed != null) throw failed;
    }
}
