/** The zone compiler: master file (RFC 1035 §5) → validated → baked zone image. */
package dev.kiln.dns.compiler;
