/** The bulk TCP appliance (sink, echo, source, push): a load and correctness peer for Linux's TCP. */
module kiln.example.bulk {
    requires transitive kiln.appliance;
    requires transitive kiln.net;
    exports dev.kiln.examples.bulk;
}
