/** The example authoritative DNS appliance. */
module kiln.example.dns {
    requires kiln.net;
    requires kiln.dns;
    requires jdk.unsupported; // sun.misc.Signal: SIGUSR1 prints the counters
    exports dev.kiln.examples.dns;
}
