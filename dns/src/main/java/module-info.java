/** DNS: the wire codec, the baked zone format, and the pure authoritative server. No zone-file parsing at run time. */
module kiln.dns {
    exports dev.kiln.dns;
    exports dev.kiln.dns.wire;
    exports dev.kiln.dns.zone;
    exports dev.kiln.dns.tcp;
}
