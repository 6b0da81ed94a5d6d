/** Linux implementations of the platform, through {@code java.lang.foreign} only: TAP, epoll, clocks, getrandom, seccomp. */
package dev.kiln.platform.linux;
