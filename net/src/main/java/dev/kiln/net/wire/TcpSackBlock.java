package dev.kiln.net.wire;

/** One SACK block (RFC 2018 §3): the sequence numbers {@code [left, right)} of received bytes. */
public record TcpSackBlock(int left, int right) {}
