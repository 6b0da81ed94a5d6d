/** The {@code kiln} command: bakes appliances and runs them on a target. Build-time and operator tool; never in an image. */
module kiln.cli {
    requires kiln.dns.compiler;
    requires kiln.net;
    requires kiln.build; // kiln inspect
    requires info.picocli;
    opens dev.kiln.cli to info.picocli;
}
