/** The example web appliance: a baked static site and a few dynamic handlers over HTTP and HTTPS; kiln build generates its main. */
module kiln.example.www {
    requires transitive kiln.appliance;
    requires transitive kiln.http;
    exports dev.kiln.examples.www;
}
