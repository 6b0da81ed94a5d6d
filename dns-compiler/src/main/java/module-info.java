/** Build time only: parses and validates zone master files (with dnsjava) and compiles them to the baked form. */
module kiln.dns.compiler {
    requires transitive kiln.dns;
    requires org.dnsjava;
    exports dev.kiln.dns.compiler;
}
