package dev.kiln.net.tcp;

import dev.kiln.platform.Entropy;

/**
 * What the connections of one stack share: configuration, the ISN (and SYN-cookie) secret, entropy, the
 * challenge-ACK limit, the byte budget of all send buffers together, and the per-destination path MTUs.
 */
public record TcpContext(TcpConfig config, Isn isn, Entropy entropy, ChallengeAckLimiter challengeAcks, BufferBudget sendBudget,
                         PathMtuCache pathMtus) {
    public static TcpContext of(TcpConfig config, Entropy entropy) {
        return new TcpContext(config, new Isn(entropy), entropy, new ChallengeAckLimiter(config.challengeAcksPerSecond()),
                new BufferBudget(config.sendBudgetBytes()), PathMtuCache.defaults());
    }

    /** A context with a path MTU cache of the defaults ({@link PathMtuCache#defaults}). */
    public TcpContext(TcpConfig config, Isn isn, Entropy entropy, ChallengeAckLimiter challengeAcks, BufferBudget sendBudget) {
        this(config, isn, entropy, challengeAcks, sendBudget, PathMtuCache.defaults());
    }

    /** A context with a send budget of {@link TcpConfig#sendBudgetBytes}. */
    public TcpContext(TcpConfig config, Isn isn, Entropy entropy, ChallengeAckLimiter challengeAcks) {
        this(config, isn, entropy, challengeAcks, new BufferBudget(config.sendBudgetBytes()));
    }
}
