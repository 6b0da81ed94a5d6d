/** Kiln's own sans-I/O stack: Ethernet, ARP, IPv4, ICMP, UDP on a {@code NetDevice}. */
package dev.kiln.net.stack;
