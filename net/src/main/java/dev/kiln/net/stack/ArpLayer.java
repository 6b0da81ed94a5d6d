package dev.kiln.net.stack;

import dev.kiln.net.wire.ArpPacket;
import dev.kiln.net.wire.ArpRepr;
import dev.kiln.net.wire.EthernetFrame;
import dev.kiln.net.wire.Mac;
import dev.kiln.net.wire.WireError;
import java.lang.foreign.MemorySegment;

/**
 * ARP for IPv4 over Ethernet (RFC 826): answers requests for our address, learns with the
 * packet-reception merge rule, resolves next hops with bounded retries while holding the
 * waiting packets in {@link ArpPending}, and announces our address at start-up.
 */
final class ArpLayer {
    private final EthernetLayer eth;
    private final ArpCache cache;
    private final ArpPending pending;
    private final Counters counters;
    private final int ourIp;
    private final long ourMac;
    private final int retriesMax;
    private final long retryIntervalNs;
    private final ArpPacket rxView = new ArpPacket();
    private final ArpPacket txView = new ArpPacket();

    ArpLayer(StackConfig config, EthernetLayer eth, ArpCache cache, ArpPending pending, Counters counters) {
        this.eth = eth;
        this.cache = cache;
        this.pending = pending;
        this.counters = counters;
        this.ourIp = config.ipv4Address();
        this.ourMac = eth.mac();
        this.retriesMax = config.arpRequestRetriesMax();
        this.retryIntervalNs = config.arpRetryIntervalNs();
    }

    void receive(EthernetFrame frame, long nowNs) {
        if (rxView.wrapChecked(frame.segment(), frame.payloadOffset(), frame.payloadLen()) != WireError.OK) {
            counters.inc(Counter.DROP_ARP_MALFORMED);
            return;
        }
        if (ArpRepr.check(rxView) != WireError.OK) {
            counters.inc(Counter.DROP_ARP_UNSUPPORTED);
            return;
        }
        counters.inc(Counter.RX_ARP);
        int spa = rxView.senderIp();
        long sha = rxView.senderMac();
        int tpa = rxView.targetIp();
        // A sender we must never learn: group MACs, broadcast/multicast/our own address
        // (a conflict), or 0.0.0.0 (an RFC 5227 probe: answer it, learn nothing).
        boolean probe = spa == 0;
        if (Mac.isGroup(sha) || sha == 0 || spa == ourIp || (!probe && !Routes.isUnicast(spa))) {
            counters.inc(Counter.DROP_ARP_BAD_SENDER);
            return;
        }
        // RFC 826 "Packet Reception": merge if we know the sender; then, if we are the
        // target, add the sender if not merged, and answer a request.
        boolean merged = !probe && cache.update(spa, sha, nowNs);
        if (merged) flushPending(spa, sha);
        if (tpa != ourIp) {
            // RFC 5227 announcements (sender = target) refresh known entries above; others just pass by.
            counters.inc(tpa == spa ? Counter.RX_ARP_ANNOUNCEMENTS : Counter.DROP_ARP_NOT_FOR_US);
            return;
        }
        if (!merged && !probe) {
            cache.insert(spa, sha, nowNs);
            flushPending(spa, sha);
        }
        if (rxView.operation() == ArpPacket.OP_REQUEST) {
            // RFC 826: swap, put our addresses in the sender fields, opcode reply; unicast back.
            sendArp(ArpPacket.OP_REPLY, sha, sha, spa);
            counters.inc(Counter.TX_ARP_REPLIES);
        }
    }

    /** Sends the RFC 5227 §2.3 announcement (a request with sender = target = our address). */
    void announce() {
        sendArp(ArpPacket.OP_REQUEST, Mac.BROADCAST, Mac.ZERO, ourIp);
        counters.inc(Counter.TX_ARP_REQUESTS);
    }

    private void sendArp(int op, long frameDst, long targetMac, int targetIp) {
        MemorySegment tx = eth.beginTx();
        txView.wrap(tx, EthernetFrame.HEADER_LEN);
        txView.setHardwareType(ArpPacket.HTYPE_ETHERNET);
        txView.setProtocolType(EthernetFrame.ETHERTYPE_IPV4);
        txView.setHardwareLen(6);
        txView.setProtocolLen(4);
        txView.setOperation(op);
        txView.setSenderMac(ourMac);
        txView.setSenderIp(ourIp);
        txView.setTargetMac(targetMac);
        txView.setTargetIp(targetIp);
        eth.send(frameDst, EthernetFrame.ETHERTYPE_ARP, ArpPacket.LEN);
    }

    /**
     * Sends the IPv4 packet of {@code ipLen} bytes at offset 14 of the transmit buffer to
     * {@code nextHop}, or holds it until the next hop is resolved.
     *
     * @return false if it was dropped (queue full, device full); the reason is counted
     */
    /** The cached MAC of {@code ip}, or -1 if it is not resolved. */
    long cachedMac(int ip, long nowNs) { return cache.lookup(ip, nowNs); }

    boolean sendIpv4(int nextHop, int ipLen, long nowNs) {
        long mac = cache.lookup(nextHop, nowNs);
        if (mac >= 0) return eth.send(mac, EthernetFrame.ETHERTYPE_IPV4, ipLen);
        MemorySegment tx = eth.peekTx();
        if (!pending.enqueue(nextHop, tx, EthernetFrame.HEADER_LEN, ipLen)) {
            counters.inc(Counter.DROP_ARP_QUEUE_FULL);
            return false;
        }
        if (pending.resolutionFor(nextHop) < 0) {
            int r = pending.startResolution(nextHop); // never -1: resolutions ≤ packets held
            request(r, nowNs);
        }
        return true;
    }

    private void request(int r, long nowNs) {
        sendArp(ArpPacket.OP_REQUEST, Mac.BROADCAST, Mac.ZERO, pending.resolutionIp(r));
        counters.inc(Counter.TX_ARP_REQUESTS);
        pending.requestSent(r, ArpCache.saturatingAdd(nowNs, retryIntervalNs));
    }

    /** Sends every packet waiting for {@code ip}, oldest first, and ends its resolution. */
    private void flushPending(int ip, long mac) {
        int r = pending.resolutionFor(ip);
        if (r < 0) return;
        pending.endResolution(r);
        for (int slot; (slot = pending.oldestFor(ip)) >= 0; ) {
            MemorySegment tx = eth.beginTx();
            pending.copyOut(slot, tx, EthernetFrame.HEADER_LEN);
            int len = pending.length(slot);
            pending.free(slot);
            eth.send(mac, EthernetFrame.ETHERTYPE_IPV4, len);
        }
    }

    /** Retries due requests, gives up on exhausted ones, expires cache entries. @return work done */
    int poll(long nowNs) {
        int work = cache.expire(nowNs);
        for (int r = 0; r < pending.resolutions(); r++) {
            if (!pending.resolutionUsed(r) || pending.nextAtNs(r) > nowNs) continue;
            work++;
            if (pending.requestsSent(r) >= retriesMax) {
                // RFC 1122 §2.3.2.1: give up after a bounded number of requests; drop what waited.
                counters.add(Counter.DROP_ARP_UNRESOLVED, pending.dropAll(pending.resolutionIp(r)));
                pending.endResolution(r);
            } else {
                request(r, nowNs);
            }
        }
        return work;
    }

    long pollAtNs() { return Math.min(cache.nextExpiryNs(), pending.earliestNs()); }
}
