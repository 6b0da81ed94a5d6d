package dev.kiln.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * The netem cases with Kiln's TCP on BBR ({@code --tcp-congestion bbr}), the congestion control Linux's own TCP
 * runs here by default: {@link NetemHostTest} (Linux's TCP in the appliance's place) against the same peer is the
 * like-for-like reference, {@link NetemTapTest} the default (CUBIC).
 */
class NetemTapBbrTest extends NetemTapTest {
    @Override
    NetemPath path() {
        NetemPath p = NetemPath.tap();
        List<String> args = new ArrayList<>(p.targetArgs());
        args.addAll(List.of("--tcp-congestion", "bbr"));
        return p.withTargetArgs(args);
    }
}
