package dev.kiln.cli;

import dev.kiln.configure.DevCertificate;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln cert --host NAME [-o DIR]}: a self-signed development certificate and key for an appliance's certificate= and key=. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Make a self-signed development certificate and its private key (ECDSA P-256, PEM): DIR/cert.pem and"
                + " DIR/key.pem (mode 600), for the descriptor's certificate= and key=. Made with the JDK's keytool; nothing"
                + " trusts it unless told to (curl --cacert DIR/cert.pem). For development only.")
final class CertCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--host", required = true, description = "The name (or IPv4 address) clients connect to, e.g. localhost."
            + " localhost also covers 127.0.0.1.")
    String host;

    @Option(names = {"-o", "--output"}, defaultValue = "tls", description = "The directory for cert.pem and key.pem (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--days", defaultValue = "90", description = "Days the certificate is valid (default ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
        if (days < 1 || days > 3650) throw new UserError("--days " + days + " is out of range: give 1-3650");
        DevCertificate.Written w = DevCertificate.make(host, days, 0, dir);
        System.out.println("wrote " + w.certificate() + " and " + w.key() + " (" + w.cert().getSubjectX500Principal().getName()
                + ", valid until " + w.cert().getNotAfter().toInstant() + ")");
        System.out.println("use them in appliance.properties:  certificate=" + w.certificate() + "  key=" + w.key());
        System.out.println("trust it in a client:              curl --cacert " + w.certificate() + " https://" + host + "/");
        return 0;
    }
}
