package dev.kiln.dns.compiler;

import java.nio.file.Path;
import org.xbill.DNS.Record;

/**
 * A record read from a zone file, with where it came from.
 *
 * @param record the record as dnsjava parsed it (its own TTL is not used)
 * @param ttl    the TTL the record gets, after the $TTL / previous-record / SOA defaults
 * @param file   the file it was read from (an included file for {@code $INCLUDE}d records)
 * @param line   the line its entry starts on
 * @param rdata  the record's RDATA in uncompressed wire form, names spelt as written
 */
record ParsedRecord(Record record, long ttl, Path file, int line, byte[] rdata) {

    ParsedRecord withTtl(long newTtl) {
        return new ParsedRecord(record, newTtl, file, line, rdata);
    }

    String where() {
        return file.getFileName() + ":" + line;
    }
}
