/** Build time only: a directory of files → a baked site image (content types, ETags, gzip, header blocks). */
module kiln.site.compiler {
    requires transitive kiln.http;
    requires dec; // org.brotli:dec 0.1.2 declares no module name: its automatic name comes from the jar's file name
    exports dev.kiln.site.compiler;
}
