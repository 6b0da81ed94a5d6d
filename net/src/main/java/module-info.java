/** Kiln's network stack: wire formats, the sans-I/O stack, and the stack API with a host-socket implementation. */
module kiln.net {
    requires transitive kiln.platform;
    exports dev.kiln.net;
    exports dev.kiln.net.wire;
    exports dev.kiln.net.stack;
    exports dev.kiln.net.tcp;
    exports dev.kiln.net.host;
}
