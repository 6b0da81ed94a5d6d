/** The {@code kiln} command. */
module kiln.cli {
    requires kiln.dns.compiler;
    requires kiln.example.dns;
    requires info.picocli;
    opens dev.kiln.cli to info.picocli;
}
