/** The stack API over the host kernel's sockets: the {@code host} target for development. */
package dev.kiln.net.host;
