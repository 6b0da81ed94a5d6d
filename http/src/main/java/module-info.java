/** HTTP/1.1 (RFC 9112): a sans-I/O request parser and connection session, handlers and routing, baked static sites. */
module kiln.http {
    exports dev.kiln.http;
    exports dev.kiln.http.site;
    exports dev.kiln.http.tls;
}
