package io.daisi.ws.bench;

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
 */
final class ConnectScenario {
    static final String HELP = """
            connect --count N --token-key HEX --api-key K [--gateway URL[,URL...]] [--pairs P] [fleet options] [--json]
              --count N          sockets to open as fast as --ramp-per-second and --max-in-flight allow
              --token-key HEX    required: tokens are pre-minted offline
            """;

    private ConnectScenario() {
    }

    static Report run(Options o, String runId) throws Exception {
        List<Gateway> gateways = Gateway.all(o);
        int count = ConnectionsScenario.socketCount(o, "count");
        int pairs = o.integer("pairs", 100, 1, 10_000);
        String key = o.required("token-key");
        FleetSettings settings = FleetSettings.from(o);
        o.rejectUnknown();

        var issuer = TokenSource.offline(key);
        List<Target> targets = new ArrayList<>(count);
        Map<Target, String> minted = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int pair = i % pairs;
            Target t = new Target("conn-" + runId + "-c" + pair, "a" + pair, "u" + i, i % gateways.size(), "");
            targets.add(t);
            minted.put(t, issuer.issueUser(t.company(), t.agent(), t.user(), java.time.Duration.ofHours(1)));
        }
        Report report = new Report("connect");
        try (SocketFleet fleet = new SocketFleet(gateways, settings,
                t -> CompletableFuture.completedFuture(minted.get(t)))) {
            Progress.say("%d tokens minted; opening sockets at up to %d/s, %d in flight ...", count,
                    settings.rampPerSecond(), settings.maxInFlight());
            SocketFleet.Opened opened = fleet.open(targets);
            Scenarios.reportOpened(report, opened);
            report.add("instances", "instances", gateways.size());
            fleet.closeAll(10_000);
        }
        return report;
    }
}
