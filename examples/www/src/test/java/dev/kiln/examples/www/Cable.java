package dev.kiln.examples.www;

import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.FramePieces;
import dev.kiln.platform.NetDevice;
import dev.kiln.platform.Offload;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Two NetDevices joined by a lossless cable, like a TAP with a virtio-net header: checksum and segmentation
 * offloads both ways (what one end leaves to the device is delivered as checksum-valid, super-frames whole).
 * Frames wait in a preallocated ring per direction, so neither end allocates per frame.
 */
final class Cable {
    static final int SLOTS = 256, FRAME_MAX = 14 + 65535;
    final End a = new End(0x02_00_00_00_00_0aL), b = new End(0x02_00_00_00_00_0bL);

    Cable() {
        a.peer = b;
        b.peer = a;
    }

    static final class End implements NetDevice {
        final long mac;
        End peer;
        private final Arena arena = Arena.ofAuto();
        private final MemorySegment tx = arena.allocate(FRAME_MAX);
        private final MemorySegment[] ring = new MemorySegment[SLOTS];
        private final int[] lens = new int[SLOTS], gsoTypes = new int[SLOTS], gsoSizes = new int[SLOTS], headers = new int[SLOTS];
        private int head, count;

        End(long mac) {
            this.mac = mac;
            for (int i = 0; i < SLOTS; i++) ring[i] = arena.allocate(FRAME_MAX);
        }

        @Override public long mac() { return mac; }
        @Override public int mtu() { return 1500; }
        @Override public int offloads() { return Offload.ALL; }
        @Override public int maxFrameBytes() { return FRAME_MAX; }
        @Override public MemorySegment txBuffer() { return tx; }

        @Override public int receive(MemorySegment rx) { return receive(rx, new FrameMeta()); }

        @Override
        public int receive(MemorySegment rx, FrameMeta meta) {
            if (count == 0) {
                meta.clear();
                return 0;
            }
            int i = head, len = lens[i];
            head = (head + 1) % SLOTS;
            count--;
            MemorySegment.copy(ring[i], 0, rx, 0, len);
            meta.set(FrameMeta.F_CSUM_VALID, gsoTypes[i], headers[i], gsoSizes[i], 0, 0);
            return len;
        }

        @Override public boolean transmit(int len) { return transmit(len, new FrameMeta()); }

        @Override
        public boolean transmit(int len, FrameMeta meta) {
            if (peer.count == SLOTS) throw new IllegalStateException("the cable's ring is full: drive the other end");
            int i = (peer.head + peer.count++) % SLOTS;
            MemorySegment.copy(tx, 0, peer.ring[i], 0, len);
            peer.lens[i] = len;
            peer.gsoTypes[i] = meta.gsoType();
            peer.gsoSizes[i] = meta.gsoSize();
            peer.headers[i] = meta.headerBytes();
            return true;
        }

        @Override
        public boolean transmit(int len, FrameMeta meta, FramePieces pieces) {
            pieces.copyInto(tx);
            return transmit(len, meta);
        }
    }
}
