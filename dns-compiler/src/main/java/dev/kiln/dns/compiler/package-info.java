/**
 * The build-time zone compiler: zone master files (RFC 1035 §5) → validated
 * {@link dev.kiln.dns.zone.ZoneSource}s, ready for {@code ZoneImageWriter}.
 *
 * <p>Entry points: {@link dev.kiln.dns.compiler.ZoneCompiler#compile(java.util.List, CompilerLimits)}
 * returns {@link dev.kiln.dns.compiler.CompiledZones} (zones + warnings) or throws
 * {@link dev.kiln.dns.compiler.ZoneCompileException} listing every {@link dev.kiln.dns.compiler.Diagnostic}
 * ({@code file:line: reason; fix}). {@link dev.kiln.dns.compiler.ZoneCheck} is a command-line
 * checker for users. dnsjava parses RDATA; the directives, owner/TTL/class/type fields, line
 * tracking and every check below are ours.
 *
 * <h2>Output</h2>
 * One {@code ZoneSource} per input, in input order: the origin and the records, the SOA first,
 * then the rest in file order (with {@code $INCLUDE}d records where the directive was). Owner
 * and RDATA are uncompressed wire form with names spelt as in the file (not lowercased).
 * Exact duplicates are removed. Occluded data (below a delegation) is kept, with a warning.
 *
 * <h2>Origin</h2>
 * The given origin, else the file name without {@code .zone} ({@code example.com.zone} →
 * {@code example.com.}), else the SOA owner. See {@link dev.kiln.dns.compiler.ZoneInput}.
 * {@code $INCLUDE} paths are relative to the including file's directory (NSD and BIND use the
 * working directory instead: run {@code nsd-checkzone} in the zone's directory).
 *
 * <h2>Implemented</h2>
 * <ul>
 *   <li>RFC 1035 §5.1 master file format: entries, parentheses, comments, quoted strings,
 *       escapes, {@code @}, blank owner = previous owner, relative names, TTL and class in
 *       either order; {@code $ORIGIN}, {@code $INCLUDE FILE [ORIGIN]} (origin and $TTL of the
 *       includer unchanged afterwards; cycles and depth checked).</li>
 *   <li>BIND's {@code $GENERATE START-STOP[/STEP] LHS [TTL] [IN] TYPE RHS} for A, AAAA, CNAME,
 *       DNAME, NS and PTR (expanded by dnsjava's {@code Generator}; the count is checked against
 *       the record limit and {@code ${offset,width,base}} widths are capped at 255 first).</li>
 *   <li>RFC 2308 §4 {@code $TTL}; TTL units (BIND {@code 1h30m}); RFC 1035 §5.1 default TTL =
 *       last stated TTL; an SOA without TTL gets its MINIMUM (BIND); RFC 2181 §8 TTL range.</li>
 *   <li>RFC 3597 §5 generic RDATA {@code TYPEnnn \# len hex} (also for known types) and
 *       unknown types; every RR type dnsjava 3.6 parses.</li>
 *   <li>Class IN only; meta/query types (OPT, 128–255, RFC 6895 §3.1) rejected.</li>
 *   <li>Text checks: UTF-8 (so ASCII) only, no NUL bytes, UTF-8 BOM skipped, CR LF and CR line
 *       ends; empty file; unclosed parenthesis at end of file.</li>
 *   <li>Zone checks: exactly one SOA, at the apex (RFC 1035 §5.2); NS RRset at the apex
 *       (RFC 1034 §4.2.1); every owner inside the zone; CNAME exclusivity and at most one CNAME
 *       (RFC 1034 §3.6.2, RFC 2181 §10.1; RRSIG/NSEC/SIG/NXT/KEY may accompany a CNAME);
 *       at most one DNAME per owner, data below a DNAME warned about (RFC 6672 §2.4);
 *       delegations: NS below the apex; NS targets inside the delegated part need A/AAAA glue
 *       (error); data below or at a delegation other than NS, DS and glue is occluded
 *       (warning; NSD accepts it silently); NS below another delegation is occluded; DS only
 *       at delegations, never at the apex (RFC 4035 §2.4); in-zone NS targets need addresses
 *       and must not be CNAMEs (error), in-zone MX/SRV targets that are CNAMEs or missing
 *       (warning; RFC 2181 §10.3); duplicate records removed (warning, RFC 2181 §5); RRset TTLs
 *       made equal to the first record's (warning, RFC 2181 §5.2); names that end in the
 *       origin twice (a forgotten final dot) warned about.</li>
 *   <li>Limits ({@link dev.kiln.dns.compiler.CompilerLimits}): zones, records per zone, file
 *       size, include depth, owner name length, RDATA length, TTL, errors and warnings kept.</li>
 *   <li>Several zones per compile; the same origin twice is an error.</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 *   <li>Classes other than IN (CH, HS).</li>
 *   <li>DNSSEC: signatures are carried as data but not checked; no signing, no NSEC/NSEC3
 *       chain checks; ZONEMD (RFC 8976) not verified.</li>
 *   <li>Checks of RDATA semantics beyond dnsjava's syntax checks (e.g. SOA timer sanity,
 *       SVCB mandatory keys); wildcard owners other than a leftmost {@code *} are not flagged.</li>
 *   <li>Owner names are not checked against host name rules (RFC 952/1123): any label is legal DNS.</li>
 *   <li>Non-UTF-8 legacy encodings (Latin-1 zone files are rejected, not converted).</li>
 * </ul>
 */
package dev.kiln.dns.compiler;
