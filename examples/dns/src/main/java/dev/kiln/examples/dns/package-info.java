/** The DNS appliance: baked zones + the authoritative server + a network stack, on one loop. */
package dev.kiln.examples.dns;
