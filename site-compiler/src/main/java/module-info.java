/** Build time only: a directory of files → a baked site image (content types, ETags, gzip, header blocks). */
module kiln.site.compiler {
    requires transitive kiln.http;
    exports dev.kiln.site.compiler;
}
