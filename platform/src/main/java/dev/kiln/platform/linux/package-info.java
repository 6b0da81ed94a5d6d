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
 * <h2>TAP offloads</h2>
 * {@code TapConfig.withOffloads(Offload.ALL)} opens the TAP with {@code IFF_VNET_HDR}, a 12-byte
 * {@code virtio_net_hdr_v1} ({@code TUNSETVNETHDRSZ}, the virtio 1.0 layout; the kernel zeroes
 * {@code num_buffers} on read and ignores it on write) and {@code TUNSETOFFLOAD(TUN_F_CSUM |
 * TUN_F_TSO4)}; any refusal reopens a plain TAP, logged once and shown in
 * {@code TapDevice.offloadStatus()} and the {@code offloadFallback} counter. Learned on Linux 6.18
 * ({@code TapOffloadTest} checks each point):
 * <ul>
 *   <li>{@code TUNSETOFFLOAD} only sets what the kernel may hand <em>us</em> (the TAP netdev's
 *       {@code NETIF_F_HW_CSUM}/{@code NETIF_F_TSO}, visible in {@code ethtool -k}); what we send
 *       with a header ({@code NEEDS_CSUM}, {@code GSO_TCPV4}) is accepted whenever the header is
 *       on. Unknown flag bits answer {@code EINVAL}, which is how the test provokes a refusal.
 *   <li>A persistent TAP keeps its offload features after the descriptor closes. A plain attach
 *       would then receive partial checksums with no header to say so: a plain open sets
 *       {@code TUNSETOFFLOAD 0}.
 *   <li>A super-frame we send is not segmented on its way to a local socket (the kernel keeps it
 *       whole and trusts {@code CHECKSUM_PARTIAL}); it is cut into MSS segments with real
 *       checksums only when it leaves through a device without TSO/checksum offload (the test
 *       forwards it through a veth with {@code ethtool -K … tso off tx off}).
 *   <li>The checksum field of a {@code NEEDS_CSUM} frame, sent or received, holds the folded
 *       pseudo-header sum over the frame's whole L4 length (the super-frame's, for GSO); the
 *       kernel adjusts it per segment.
 *   <li>Linux TCP sizes its super-frames by {@code tcp_tso_autosize} (about 1 ms of its pacing
 *       rate, more at very low RTT), so received ones range from 2 segments to 64 KB;
 *       {@code hdr_len} on receive is the skb's linear length, at least the headers, not exactly.
 *   <li>A read into a buffer shorter than the frame silently cuts it and returns the bytes copied;
 *       an offloading TAP reads with one spare byte after the caller's buffer to notice.
 *   <li>With {@code readv(header cell, caller's buffer, spare)} the frame lands at offset 0 of the
 *       caller's buffer; on transmit the header sits in the 16 bytes reserved before the lent
 *       buffer, so one {@code write} sends both. A gathered frame ({@code FramePieces}) goes as one
 *       {@code writev}: that header and the buffer's headers in the first iovec, then the pieces
 *       from where they lie ({@code TxIovec}); the kernel's copy is the only one.
 * </ul>
 *
 * <p>Native access must be enabled: {@code --enable-native-access=kiln.platform} on the module
 * path, {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
package dev.kiln.platform.linux;
