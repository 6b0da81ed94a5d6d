/** The authoritative DNS server: pure, sans-I/O — query bytes in, answer bytes out. */
package dev.kiln.dns;
