/** Compiled zones: the compact form baked into an appliance at build time and loaded at boot without parsing. */
package dev.kiln.dns.zone;
