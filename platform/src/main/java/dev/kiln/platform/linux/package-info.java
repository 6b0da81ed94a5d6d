/**
 * Linux implementations of the platform, through {@code java.lang.foreign} only (no JNI):
 * {@link dev.kiln.platform.linux.TapDevice} (TAP through {@code /dev/net/tun}, optionally in a
 * named network namespace), {@link dev.kiln.platform.linux.EpollReadiness} (epoll + eventfd),
 * {@link dev.kiln.platform.linux.LinuxClock} ({@code clock_gettime}),
 * {@link dev.kiln.platform.linux.LinuxEntropy} ({@code getrandom}), and the libc binding they
 * share ({@link dev.kiln.platform.linux.Libc}, errno via {@code captureCallState}).
 *
 * <p>Native access must be enabled: {@code --enable-native-access=kiln.platform} on the module
 * path, {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
package dev.kiln.platform.linux;
