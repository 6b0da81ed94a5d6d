package dev.kiln.net.tcp;

import dev.kiln.platform.Entropy;

/** What the connections of one stack share: configuration, the ISN secret, entropy, the challenge-ACK limit. */
public record TcpContext(TcpConfig config, Isn isn, Entropy entropy, ChallengeAckLimiter challengeAcks) {
    public static TcpContext of(TcpConfig config, Entropy entropy) {
        return new TcpContext(config, new Isn(entropy), entropy, new ChallengeAckLimiter(config.challengeAcksPerSecond()));
    }
}
