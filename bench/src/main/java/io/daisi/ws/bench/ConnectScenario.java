package io.daisi.ws.bench;

import io.daisi.ws.auth.TokenIssuer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code connect}: handshakes per second with tokens minted offline before the clock starts
 * ({@code --token-key}, the gateway's {@code auth.token_aes_key}), so the figure is the gateway's
 * upgrade + authentication + session (in cluster mode: Redis lock and route registration), not
 * the minting. Sockets go to every instance of {@code --gateway} in turn.
 *
 * <p>With {@code --warmup-rounds R}, R rounds of {@code --count} sockets are opened and closed
 * first, by this same process, and only the last round is the figure: on a box the harness
 * shares with the gateways, a cold harness JVM costs more CPU per handshake than the pods do,
 * and the pods' JIT is still compiling the handshake path during the first tens of thousands.
 */
final class ConnectScenario {
    static final String HELP = """
            connect --count N --token-key HEX --api-key K [--gateway URL[,URL...]] [--pairs P]
                    [--warmup-rounds R] [fleet options] [--json]
              --count N          sockets to open as fast as --ramp-per-second and --max-in-flight allow
              --token-key HEX    required: tokens are pre-minted offline
              --warmup-rounds R  rounds of N sockets opened and closed before the measured one (default 0)
            """;

    private ConnectScenario() {
    }

    static Report run(Options o, String runId) throws Exception {
        List<Gateway> gateways = Gateway.all(o);
        int count = ConnectionsScenario.socketCount(o, "count");
        int pairs = o.integer("pairs", 100, 1, 10_000);
        String key = o.required("token-key");
        int warmupRounds = o.integer("warmup-rounds", 0, 0, 100);
        FleetSettings settings = FleetSettings.from(o);
        o.rejectUnknown();

        var issuer = TokenSource.offline(key);
        for (int round = 1; round <= warmupRounds; round++) {
            SocketFleet.Opened warm = openAndClose(gateways, settings, issuer, runId + "-w" + round, count, pairs);
            Progress.say("warm-up round %d of %d: %d ready, %.0f handshakes/s", round, warmupRounds, warm.ready(),
                    warm.ready() / Math.max(1e-9, warm.elapsedNanos() / 1e9));
        }
        Report report = new Report("connect");
        SocketFleet.Opened opened = openAndClose(gateways, settings, issuer, runId, count, pairs);
        Scenarios.reportOpened(report, opened);
        report.add("instances", "instances", gateways.size());
        report.add("warmup_rounds", "warm-up rounds before this one", warmupRounds);
        return report;
    }

    /** One round: {@code count} tokens minted, then the sockets opened (the measured part) and closed. */
    private static SocketFleet.Opened openAndClose(List<Gateway> gateways, FleetSettings settings,
                                                   TokenIssuer issuer, String round, int count, int pairs)
            throws InterruptedException {
        List<Target> targets = new ArrayList<>(count);
        Map<Target, String> minted = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int pair = i % pairs;
            Target t = new Target("conn-" + round + "-c" + pair, "a" + pair, "u" + i, i % gateways.size(), "");
            targets.add(t);
            minted.put(t, issuer.issueUser(t.company(), t.agent(), t.user(), java.time.Duration.ofHours(1)));
        }
        try (SocketFleet fleet = new SocketFleet(gateways, settings,
                t -> CompletableFuture.completedFuture(minted.get(t)))) {
            Progress.say("%d tokens minted; opening sockets at up to %d/s, %d in flight ...", count,
                    settings.rampPerSecond(), settings.maxInFlight());
            SocketFleet.Opened opened = fleet.open(targets);
            fleet.closeAll(10_000);
            return opened;
        }
    }
}
