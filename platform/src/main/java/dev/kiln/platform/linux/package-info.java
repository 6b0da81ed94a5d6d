/**
 * Linux implementations of the platform, through {@code java.lang.foreign} only (no JNI):
 * {@link dev.kiln.platform.linux.TapDevice} (TAP through {@code /dev/net/tun}, optionally in a
 * named network namespace), {@link dev.kiln.platform.linux.EpollReadiness} (epoll + eventfd),
 * {@link dev.kiln.platform.linux.LinuxClock} ({@code clock_gettime}),
 * {@link dev.kiln.platform.linux.LinuxEntropy} ({@code getrandom}),
 * {@link dev.kiln.platform.linux.Seal} (seccomp), and the libc binding they
 * share ({@link dev.kiln.platform.linux.Libc}, errno via {@code captureCallState}).
 *
 * <h2>Sealing</h2>
 * {@link dev.kiln.platform.linux.Seal} seals a started appliance with seccomp
 * ({@code prctl(PR_SET_NO_NEW_PRIVS)}, then {@code seccomp(SET_MODE_FILTER, TSYNC)} so every
 * thread is covered): {@code Seal.prepare(); Seal.apply(SealPolicy.appliance());}. The filter
 * ({@link dev.kiln.platform.linux.SeccompFilter}) is an allowlist
 * ({@link dev.kiln.platform.linux.SealPolicy#APPLIANCE_SYSCALLS}); everything else answers
 * {@code EPERM}: no exec, no new processes (clone only with {@code CLONE_THREAD}, clone3
 * {@code ENOSYS}), no opening files, no new sockets (socket, socketpair, accept, bind, listen,
 * connect), no ptrace or process_vm_*, no signals to other processes, no new executable
 * memory (mmap/mprotect/pkey_mprotect with {@code PROT_EXEC}, memfd_create). Foreign-ABI
 * syscalls kill the process; x32 numbers answer {@code EPERM}.
 *
 * <p>What it cannot cover on a JIT: HotSpot's code cache is mapped read-write-execute and the
 * JIT keeps writing machine code into it after the seal; the filter only stops <em>new</em>
 * executable mappings. The JVM must commit its whole code cache at boot
 * ({@link dev.kiln.platform.linux.Seal#REQUIRED_JVM_FLAGS}, checked before sealing) or it
 * aborts at its first code-cache growth; {@code -XX:TieredStopAtLevel=1} (C1 only) or
 * {@code -Xint} (no JIT) narrow what is written there. {@code -XX:-UsePerfData} is advised (a
 * sealed JVM cannot delete its hsperfdata file at exit). Load every class, native library and
 * data file before sealing: afterwards nothing can be opened, {@code /proc/self} included.
 *
 * <p>Native access must be enabled: {@code --enable-native-access=kiln.platform} on the module
 * path, {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
package dev.kiln.platform.linux;
