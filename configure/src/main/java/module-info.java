/**
 * Build time only: the appliance descriptor ({@code appliance.properties}: devices, build-time
 * inputs, run-time arguments), its validation with file:line errors, and the configure step that
 * bakes the inputs and generates (and compiles) the appliance's main for a target.
 */
module kiln.configure {
    requires transitive kiln.dns.compiler;
    requires kiln.net;
    requires kiln.site.compiler; // site=: a directory baked into a .ksite; certificate=/key=: kiln.http's TlsIdentity
    requires java.compiler; // javax.tools: the generated main is compiled at build time
    exports dev.kiln.configure;
}
