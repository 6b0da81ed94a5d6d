/** The DNS appliance's application: the authoritative server over baked zones on one UDP port. */
package dev.kiln.examples.dns;
