/** The {@code kiln} command: configures, builds and boots appliances. Build-time and operator tool; never in an image. */
module kiln.cli {
    requires kiln.configure;
    requires kiln.build;
    requires kiln.net;
    requires java.compiler; // SourceVersion: kiln new checks the package name
    requires info.picocli;
    opens dev.kiln.cli to info.picocli;
}
