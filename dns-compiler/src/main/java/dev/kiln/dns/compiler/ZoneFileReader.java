package dev.kiln.dns.compiler;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Generator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.RelativeNameException;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * Reads one zone's master file (RFC 1035 §5) and its {@code $INCLUDE}s into records, each with
 * its file and line. Directives and the owner/TTL/class/type fields are handled here; each
 * record's RDATA is parsed by dnsjava ({@link Record#fromString}), which also understands the
 * RFC 3597 generic form {@code \# len hex}. Every problem becomes a {@link Diagnostic}; nothing
 * thrown by dnsjava escapes.
 */
final class ZoneFileReader {

    private static final Pattern TOKENIZER_MESSAGE = Pattern.compile("^<none>:(\\d+): ?(.*)$", Pattern.DOTALL);

    private final SourceFiles files;
    private final CompilerLimits limits;
    private final DiagnosticSink sink;
    private final List<ParsedRecord> out = new ArrayList<>();
    private final Deque<Path> includeChain = new ArrayDeque<>();
    private boolean stopped;

    ZoneFileReader(SourceFiles files, CompilerLimits limits, DiagnosticSink sink) {
        this.files = files;
        this.limits = limits;
        this.sink = sink;
    }

    /** Reads the zone file and everything it includes; {@code origin} may be null. */
    List<ParsedRecord> read(Path file, Name origin) {
        readFile(file, origin, -1, null, 0);
        return out;
    }

    /** Per-file parser state: RFC 1035 §5.1 says $ORIGIN and the defaults are per file. */
    private static final class State {
        final Path file;
        Name origin;
        long defaultTtl;     // $TTL (RFC 2308 §4), -1 if none
        Name lastOwner;      // for entries starting with white space
        long lastTtl = -1;   // RFC 1035 §5.1: last stated TTL

        State(Path file, Name origin, long defaultTtl) {
            this.file = file;
            this.origin = origin;
            this.defaultTtl = defaultTtl;
        }
    }

    private void readFile(Path file, Name origin, long defaultTtl, State includer, int includeLine) {
        Path errFile = includer == null ? file : includer.file;
        int errLine = includer == null ? 0 : includeLine;
        String what = includer == null ? "zone file " + file : "included file " + file;
        byte[] bytes;
        try {
            bytes = files.read(file, limits.fileBytesMax());
        } catch (NoSuchFileException e) {
            sink.error(errFile, errLine, what + " not found",
                    includer == null ? "check the path" : "$INCLUDE paths are relative to the including file's directory");
            return;
        } catch (AccessDeniedException e) {
            sink.error(errFile, errLine, "cannot read " + what + ": permission denied", "make the file readable");
            return;
        } catch (SourceFiles.NotAFileException e) {
            sink.error(errFile, errLine, what + " is not a regular file", "give the path of a zone file");
            return;
        } catch (SourceFiles.TooLargeException e) {
            sink.error(errFile, errLine, what + " is larger than " + e.bytesMax + " bytes",
                    "split the zone, or raise CompilerLimits.fileBytesMax");
            return;
        } catch (IOException | RuntimeException e) {
            sink.error(errFile, errLine, "cannot read " + what + ": " + e.getMessage(), "check the file");
            return;
        }
        if (!checkText(file, bytes)) {
            return;
        }
        int from = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        if (isBlank(bytes, from)) {
            if (includer == null) {
                sink.error(file, 0, "zone file is empty", "a zone file needs at least an SOA record and NS records at the apex");
            } else {
                sink.warn(errFile, errLine, "included file " + file + " is empty", null);
            }
            return;
        }
        if (from > 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, from, bytes.length);
        }
        State st = new State(file, origin, defaultTtl);
        for (Entries.Entry entry : Entries.split(bytes)) {
            if (stopped || sink.full()) {
                stopped = true;
                return;
            }
            try {
                entry(st, entry);
            } catch (EntryError e) {
                sink.error(file, e.line, e.getMessage(), e.fix);
            } catch (TextParseException e) {
                EntryError ee = fromTokenizer(entry, e, "syntax error", "check the entry's syntax (RFC 1035 §5.1)");
                sink.error(file, ee.line, ee.getMessage(), ee.fix);
            } catch (IOException | RuntimeException e) {
                // dnsjava may throw odd runtime exceptions on garbage: report them, never pass them on.
                sink.error(file, entry.line(), "cannot parse this entry: " + describe(e), "check the entry's syntax (RFC 1035 §5.1)");
            }
        }
    }

    /** A problem with one entry, at a line. */
    private static final class EntryError extends Exception {
        final int line;
        final String fix;

        EntryError(int line, String message, String fix) {
            super(message, null, false, false);
            this.line = line;
            this.fix = fix;
        }
    }

    private void entry(State st, Entries.Entry entry) throws IOException, EntryError {
        if (entry.unclosed()) {
            throw new EntryError(entry.line(), "unbalanced parentheses: the file ends before the '(' of this entry is closed",
                    "add the missing ')'");
        }
        // Already buffered, sized to the entry: Tokenizer would otherwise wrap it in an 8 KiB buffer per entry.
        Tokenizer tk = new Tokenizer(new BufferedInputStream(new ByteArrayInputStream(entry.text()), Math.max(16, entry.text().length)));
        Tokenizer.Token t = tk.get(true, false);
        Name owner;
        if (t.type == Tokenizer.WHITESPACE) {
            Tokenizer.Token next = tk.get();
            if (next.isEOL()) {
                return;
            }
            tk.unget();
            if (st.lastOwner == null) {
                throw new EntryError(entry.line(), "no owner name: the entry starts with white space but no record comes before it",
                        "start the line with an owner name or @");
            }
            owner = st.lastOwner;
        } else if (t.isEOL()) {
            return;
        } else if (t.type == Tokenizer.IDENTIFIER && t.value.startsWith("$")) {
            directive(st, entry, tk, t.value);
            return;
        } else {
            owner = name(st, entry, t.value, "owner name");
        }
        record(st, entry, tk, owner);
    }

    private void directive(State st, Entries.Entry entry, Tokenizer tk, String word) throws IOException, EntryError {
        String d = word.toUpperCase(Locale.ROOT);
        switch (d) {
            case "$ORIGIN" -> {
                Tokenizer.Token t = tk.get();
                if (!t.isString()) {
                    throw new EntryError(entry.line(), "$ORIGIN needs a domain name", "write e.g. $ORIGIN example.com.");
                }
                Name o = parseName(entry, t.value, st.origin == null ? Name.root : st.origin, "$ORIGIN name");
                endOfEntry(entry, tk, "$ORIGIN");
                st.origin = o;
            }
            case "$TTL" -> {
                Tokenizer.Token t = tk.get();
                if (!t.isString()) {
                    throw new EntryError(entry.line(), "$TTL needs a value", "write e.g. $TTL 3600 or $TTL 1h");
                }
                long ttl = ttl(entry, t.value);
                if (ttl < 0) {
                    throw new EntryError(entry.line(), "$TTL value '" + t.value + "' is not a TTL",
                            "use seconds (3600) or units (1h30m)");
                }
                endOfEntry(entry, tk, "$TTL");
                st.defaultTtl = ttl;
            }
            case "$INCLUDE" -> include(st, entry, tk);
            case "$GENERATE" -> generate(st, entry, tk);
            default -> throw new EntryError(entry.line(), "unknown directive " + word,
                    "the directives are $ORIGIN, $TTL and $INCLUDE");
        }
    }

    private void include(State st, Entries.Entry entry, Tokenizer tk) throws IOException, EntryError {
        Tokenizer.Token t = tk.get();
        if (!t.isString()) {
            throw new EntryError(entry.line(), "$INCLUDE needs a file name", "write $INCLUDE FILE [ORIGIN]");
        }
        String fileName = t.value;
        Name includeOrigin = st.origin;
        Tokenizer.Token o = tk.get();
        if (o.isString()) {
            includeOrigin = parseName(entry, o.value, st.origin == null ? Name.root : st.origin, "$INCLUDE origin");
            endOfEntry(entry, tk, "$INCLUDE");
        } else if (!o.isEOL()) {
            throw new EntryError(entry.line(), "unexpected text after $INCLUDE", "write $INCLUDE FILE [ORIGIN]");
        }
        Path target;
        try {
            target = Path.of(fileName);
        } catch (RuntimeException e) {
            throw new EntryError(entry.line(), "$INCLUDE file name '" + fileName + "' is not a valid path", "fix the file name");
        }
        if (!target.isAbsolute()) {
            Path dir = st.file.getParent();
            target = dir == null ? target : dir.resolve(target);
        }
        Path key = target.toAbsolutePath().normalize();
        Path self = st.file.toAbsolutePath().normalize();
        if (key.equals(self) || includeChain.contains(key)) {
            throw new EntryError(entry.line(), "$INCLUDE cycle: " + fileName + " is already being read",
                    "remove the $INCLUDE that leads back to it");
        }
        if (includeChain.size() >= limits.includeDepthMax()) {
            throw new EntryError(entry.line(), "$INCLUDE nested more than " + limits.includeDepthMax() + " deep",
                    "flatten the includes, or raise CompilerLimits.includeDepthMax");
        }
        includeChain.push(self);
        try {
            // RFC 1035 §5.1: the included file starts with the given origin; ours is unchanged after it.
            readFile(target, includeOrigin, st.defaultTtl, st, entry.line());
        } finally {
            includeChain.pop();
        }
    }

    private static final Pattern GENERATE_RANGE = Pattern.compile("^(\\d{1,10})-(\\d{1,10})(?:/(\\d{1,10}))?$");

    /**
     * BIND's {@code $GENERATE start-stop[/step] lhs [ttl] [class] type rhs}, expanded by dnsjava's
     * {@link Generator} (types A, AAAA, CNAME, DNAME, NS, PTR). Counts against the record limit
     * before anything is expanded.
     */
    private void generate(State st, Entries.Entry entry, Tokenizer tk) throws IOException, EntryError {
        String usage = "write $GENERATE START-STOP[/STEP] LHS [TTL] [IN] TYPE RHS, e.g. $GENERATE 1-10 host$ A 192.0.2.$";
        Tokenizer.Token r = tk.get();
        Matcher m = r.isString() ? GENERATE_RANGE.matcher(r.value) : null;
        if (m == null || !m.matches()) {
            throw new EntryError(entry.line(), "$GENERATE needs a range START-STOP[/STEP]", usage);
        }
        long start = Long.parseLong(m.group(1));
        long stop = Long.parseLong(m.group(2));
        long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
        if (start > stop || step < 1 || stop > 0xFFFF_FFFFL) {
            throw new EntryError(entry.line(), "$GENERATE range " + r.value + " is empty or out of range", usage);
        }
        long count = (stop - start) / step + 1;
        if (out.size() + count > limits.recordsPerZoneMax()) {
            stopped = true;
            throw new EntryError(entry.line(), "$GENERATE " + r.value + " makes " + count + " records: the zone would have more than "
                    + limits.recordsPerZoneMax() + " records", "split the zone, or raise CompilerLimits.recordsPerZoneMax");
        }
        Tokenizer.Token lhs = tk.get();
        if (!lhs.isString()) {
            throw new EntryError(entry.line(), "$GENERATE needs an owner pattern", usage);
        }
        Head h = head(entry, tk, lhs.value);
        Tokenizer.Token rhs = tk.get();
        if (!rhs.isString()) {
            throw new EntryError(entry.line(), "$GENERATE needs an RDATA pattern", usage);
        }
        endOfEntry(entry, tk, "$GENERATE");
        if (!Generator.supportedType(h.type())) {
            throw new EntryError(entry.line(), "$GENERATE cannot make " + Type.string(h.type()) + " records",
                    "$GENERATE makes A, AAAA, CNAME, DNAME, NS and PTR records");
        }
        if (st.origin == null) {
            throw new EntryError(entry.line(), "$GENERATE needs an origin", "set $ORIGIN before it, or give the zone's origin");
        }
        long ttl = h.ttl() >= 0 ? h.ttl() : st.defaultTtl >= 0 ? st.defaultTtl : st.lastTtl;
        if (ttl < 0) {
            throw new EntryError(entry.line(), "no TTL for $GENERATE", "add $TTL 3600 (or another default) at the top of the file, or give a TTL");
        }
        checkGenerateModifiers(entry, lhs.value);
        checkGenerateModifiers(entry, rhs.value);
        Generator g = new Generator(start, stop, step, lhs.value, h.type(), DClass.IN, ttl, rhs.value, st.origin);
        Record rec;
        try {
            while ((rec = g.nextRecord()) != null) {
                byte[] rdata = WireForm.rdata(rec);
                if (rec.getName().length() > limits.nameBytesMax()) {
                    throw new EntryError(entry.line(), "$GENERATE makes owner " + rec.getName() + ", longer than " + limits.nameBytesMax() + " bytes",
                            "shorten the pattern, or raise CompilerLimits.nameBytesMax");
                }
                out.add(new ParsedRecord(rec, ttl, st.file, entry.line(), rdata));
            }
        } catch (TextParseException e) {
            throw new EntryError(entry.line(), "$GENERATE: " + e.getMessage(), usage);
        } catch (RuntimeException e) {
            throw new EntryError(entry.line(), "$GENERATE: " + describe(e), usage);
        }
    }

    private static final Pattern GENERATE_MODIFIER = Pattern.compile("\\$\\{([^}]*)\\}");

    /** dnsjava pads to any width it is given: refuse widths no name or RDATA field could hold. */
    private static void checkGenerateModifiers(Entries.Entry entry, String pattern) throws EntryError {
        Matcher m = GENERATE_MODIFIER.matcher(pattern);
        while (m.find()) {
            String[] parts = m.group(1).split(",", -1);
            if (parts.length < 2) {
                continue;
            }
            String width = parts[1].trim();
            if (width.length() > 3 || (!width.isEmpty() && !width.chars().allMatch(Character::isDigit)) || (!width.isEmpty() && Integer.parseInt(width) > 255)) {
                throw new EntryError(entry.line(), "$GENERATE width '" + parts[1] + "' in ${" + m.group(1) + "} is not a number up to 255",
                        "use ${offset,width,base} with a width of at most 255");
            }
        }
    }

    /** The fields between owner and RDATA: TTL (-1 if absent), class, type. */
    private record Head(long ttl, int type) {}

    /** RFC 1035 §5.1: [<TTL>] [<class>] <type> or [<class>] [<TTL>] <type>. */
    private Head head(Entries.Entry entry, Tokenizer tk, String owner) throws IOException, EntryError {
        long ttl = -1;
        int dclass = -1;
        String typeWord = null;
        for (int i = 0; i < 3; i++) {
            Tokenizer.Token t = tk.get();
            if (!t.isString()) {
                throw new EntryError(entry.line(), "record for " + owner + " has no type",
                        "write OWNER [TTL] [IN] TYPE DATA, e.g. www 3600 IN A 192.0.2.1");
            }
            String w = t.value;
            if (dclass < 0 && DClass.value(w) >= 0) {
                dclass = DClass.value(w);
            } else if (ttl < 0 && !w.isEmpty() && Character.isDigit(w.charAt(0))) {
                ttl = ttl(entry, w);
                if (ttl < 0) {
                    throw new EntryError(entry.line(), "'" + w + "' is not a TTL", "use seconds (3600) or units (1h30m)");
                }
            } else {
                typeWord = w;
                break;
            }
        }
        if (typeWord == null) {
            throw new EntryError(entry.line(), "record for " + owner + " has no type", "write OWNER [TTL] [IN] TYPE DATA");
        }
        int type = Type.value(typeWord);
        if (type < 0) {
            throw new EntryError(entry.line(), "unknown record type '" + typeWord + "' at " + owner,
                    "use a known type, or the RFC 3597 form TYPEnnn \\# LENGTH HEX");
        }
        if (dclass >= 0 && dclass != DClass.IN) {
            throw new EntryError(entry.line(), "class " + DClass.string(dclass) + " at " + owner + " is not supported: only IN zones are served",
                    "use class IN or leave the class out");
        }
        if (isMetaType(type)) {
            throw new EntryError(entry.line(), Type.string(type) + " is a query or meta type and cannot appear in a zone (RFC 6895 §3.1)",
                    "remove the record");
        }
        return new Head(ttl, type);
    }

    private void record(State st, Entries.Entry entry, Tokenizer tk, Name owner) throws IOException, EntryError {
        Head h = head(entry, tk, owner.toString());
        long ttl = h.ttl();
        int type = h.type();
        boolean soaTtlFromMinimum = false;
        if (ttl < 0) {
            if (st.defaultTtl >= 0) {
                ttl = st.defaultTtl;
            } else if (st.lastTtl >= 0) {
                ttl = st.lastTtl;
            } else if (type == Type.SOA) {
                soaTtlFromMinimum = true;
                ttl = 0;
            } else {
                throw new EntryError(entry.line(), "no TTL for the " + Type.string(type) + " record at " + owner,
                        "add $TTL 3600 (or another default) at the top of the file, or give the record a TTL");
            }
        }
        Record rec;
        try {
            rec = Record.fromString(owner, type, DClass.IN, ttl, tk, st.origin);
        } catch (TextParseException e) {
            throw fromTokenizer(entry, e, "bad " + Type.string(type) + " record at " + owner,
                    "fix the record's data (see the " + Type.string(type) + " presentation format)");
        } catch (RelativeNameException e) {
            throw new EntryError(entry.line(), "relative name in the " + Type.string(type) + " record at " + owner + " and no $ORIGIN",
                    "end the name with a dot, or set $ORIGIN before it");
        } catch (RuntimeException e) {
            throw new EntryError(entry.line(), "bad " + Type.string(type) + " record at " + owner + ": " + describe(e),
                    "fix the record's data (see the " + Type.string(type) + " presentation format)");
        }
        if (soaTtlFromMinimum && rec instanceof SOARecord soa) {
            ttl = Math.min(soa.getMinimum(), limits.ttlSecondsMax());
        }
        byte[] rdata;
        try {
            rdata = WireForm.rdata(rec);
        } catch (RuntimeException e) {
            throw new EntryError(entry.line(), "the " + Type.string(type) + " record at " + owner + " is too long to encode: " + describe(e),
                    "RDATA is at most 65535 bytes (RFC 1035 §3.2.1)");
        }
        if (rdata.length > limits.rdataBytesMax()) {
            throw new EntryError(entry.line(), "the " + Type.string(type) + " record at " + owner + " has " + rdata.length
                    + " bytes of data, more than the limit of " + limits.rdataBytesMax(),
                    "shorten it, or raise CompilerLimits.rdataBytesMax");
        }
        if (owner.length() > limits.nameBytesMax()) {
            throw new EntryError(entry.line(), "owner name " + owner + " is " + owner.length() + " bytes long, more than the limit of " + limits.nameBytesMax(),
                    "shorten the name, or raise CompilerLimits.nameBytesMax");
        }
        st.lastOwner = owner;
        st.lastTtl = ttl;
        out.add(new ParsedRecord(rec, ttl, st.file, entry.line(), rdata));
        if (out.size() > limits.recordsPerZoneMax()) {
            stopped = true;
            throw new EntryError(entry.line(), "the zone has more than " + limits.recordsPerZoneMax() + " records",
                    "split the zone, or raise CompilerLimits.recordsPerZoneMax");
        }
    }

    /** RFC 6895 §3.1: OPT and 128..255 are meta/query types; 0 is reserved. */
    private static boolean isMetaType(int type) {
        return type == 0 || type == Type.OPT || (type >= 128 && type <= 255);
    }

    /** A TTL (RFC 2181 §8, BIND units like 1h30m); -1 if not a TTL; an error beyond the limit. */
    private long ttl(Entries.Entry entry, String word) throws EntryError {
        long v;
        try {
            v = TTL.parse(word, false);
        } catch (RuntimeException e) {
            return -1;
        }
        if (v > limits.ttlSecondsMax()) {
            throw new EntryError(entry.line(), "TTL " + word + " is larger than " + limits.ttlSecondsMax() + " seconds"
                    + (limits.ttlSecondsMax() == 0x7FFF_FFFFL ? " (RFC 2181 §8)" : ""),
                    "use a smaller TTL");
        }
        return v;
    }

    private Name name(State st, Entries.Entry entry, String text, String what) throws EntryError {
        return parseName(entry, text, st.origin, what);
    }

    private static Name parseName(Entries.Entry entry, String text, Name origin, String what) throws EntryError {
        Name n;
        try {
            n = Name.fromString(text, origin);
        } catch (TextParseException e) {
            throw new EntryError(entry.line(), "bad " + what + " '" + text + "': " + e.getMessage(),
                    "labels are at most 63 bytes, names at most 255");
        } catch (RuntimeException e) {
            throw new EntryError(entry.line(), "bad " + what + " '" + text + "': " + describe(e), "fix the name");
        }
        if (!n.isAbsolute()) {
            throw new EntryError(entry.line(), "relative " + what + " '" + text + "' and no $ORIGIN",
                    "end the name with a dot, set $ORIGIN before it, or give the zone's origin");
        }
        return n;
    }

    private static void endOfEntry(Entries.Entry entry, Tokenizer tk, String what) throws IOException, EntryError {
        Tokenizer.Token t = tk.get();
        if (!t.isEOL()) {
            throw new EntryError(entry.line(), "unexpected text after " + what + ": '" + t.value + "'", "remove it");
        }
    }

    /** dnsjava's tokenizer says "<none>:N: message"; N counts from the entry's first line. */
    private static EntryError fromTokenizer(Entries.Entry entry, TextParseException e, String prefix, String fix) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = TOKENIZER_MESSAGE.matcher(msg);
        int line = entry.line();
        if (m.matches()) {
            try {
                line = entry.line() + Integer.parseInt(m.group(1)) - 1;
            } catch (NumberFormatException ignored) {
                // keep the entry's line
            }
            msg = m.group(2);
        }
        return new EntryError(line, prefix + ": " + msg, fix);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static boolean isBlank(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A zone file is text: UTF-8 (so ASCII too), no NUL bytes. */
    private boolean checkText(Path file, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                sink.error(file, lineAt(bytes, i), "file contains a NUL byte (offset " + i + "): it is not a text zone file",
                        "give the path of a zone master file");
                return false;
            }
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer cb = java.nio.CharBuffer.allocate(4096);
        while (true) {
            CoderResult r = dec.decode(in, cb, true);
            if (r.isError()) {
                int at = in.position();
                sink.error(file, lineAt(bytes, at), String.format("file is not UTF-8 text: byte 0x%02X at offset %d", bytes[at] & 0xFF, at),
                        "save the file as UTF-8 or ASCII");
                return false;
            }
            if (r.isOverflow()) {
                cb.clear();
                continue;
            }
            break;
        }
        try {
            CoderResult r = dec.flush(cb);
            if (r.isError()) {
                r.throwException();
            }
        } catch (CharacterCodingException e) {
            sink.error(file, lineAt(bytes, bytes.length), "file is not UTF-8 text: it ends inside a character", "save the file as UTF-8 or ASCII");
            return false;
        }
        return true;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
