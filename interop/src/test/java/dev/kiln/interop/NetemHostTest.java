package dev.kiln.interop;

/**
 * The netem cases with the bulk appliance on the host target (Linux's TCP at both ends, the
 * relay between two namespaces): the control that shows the harness, relay and checks are right.
 */
class NetemHostTest extends NetemBulkTests {
    @Override
    NetemPath path() { return NetemPath.host(); }

    @Override
    boolean activeOpen() { return true; }
}
