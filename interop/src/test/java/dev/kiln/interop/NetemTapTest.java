package dev.kiln.interop;

/** The netem cases with the bulk appliance on the tap target: Kiln's own TCP against Linux's. */
class NetemTapTest extends NetemBulkTests {
    @Override
    NetemPath path() { return NetemPath.tap(); }

    @Override
    String unsupported(String applianceLog) {
        return applianceLog.contains("TCP is not yet on this target")
                ? "netem tap tests skipped: KilnStack has no TCP yet (the bulk appliance said so at boot)" : null;
    }

    @Override
    boolean activeOpen() { return true; }
}
