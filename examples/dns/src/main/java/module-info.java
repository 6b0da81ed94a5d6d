/** The example authoritative DNS appliance: the application; kiln build generates its main. */
module kiln.example.dns {
    requires transitive kiln.appliance;
    requires transitive kiln.dns;
    exports dev.kiln.examples.dns;
}
