/** The example authoritative DNS appliance. */
module kiln.example.dns {
    requires kiln.net;
    requires kiln.dns;
    exports dev.kiln.examples.dns;
}
