package io.daisi.ws.bench;

import java.time.Duration;

/** How sockets are opened: pace, bounds and time limits, shared by the scenarios. */
record FleetSettings(int rampPerSecond, int maxInFlight, int mintConcurrency, Duration connectTimeout,
                     int ioThreads, String bind, boolean socketIo) {

    static FleetSettings from(Options o) {
        return new FleetSettings(
                o.integer("ramp-per-second", 1000, 1, 100_000),
                o.integer("max-in-flight", 256, 1, 10_000),
                o.integer("mint-concurrency", 16, 1, 256),
                Duration.ofSeconds(o.integer("connect-timeout-seconds", 60, 1, 600)),
                o.integer("io-threads", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64),
                loopback(o.string("bind", "")),
                protocol(o.string("protocol", "daisi")));
    }

    private static boolean protocol(String name) {
        return switch (name) {
            case "daisi" -> false;
            case "socketio" -> true;
            default -> throw new UsageException("--protocol is daisi or socketio, not " + name);
        };
    }

    private static String loopback(String bind) {
        if (!bind.isEmpty() && !bind.startsWith("127.")) {
            throw new UsageException("--bind must be a loopback address 127.x.y.z, not " + bind);
        }
        return bind;
    }

    static final String HELP = """
              --ramp-per-second R        new sockets per second (default 1000)
              --max-in-flight M          sockets connecting at once at most (default 256)
              --mint-concurrency C       token requests at once at most (default 16)
              --connect-timeout-seconds T  give up on sockets not ready by then (default 60)
              --io-threads T             client event-loop threads (default: the number of cores)
              --bind 127.0.0.X           source address of the sockets (several harness processes: one each)
              --protocol socketio        drive the socket.io peer (bench/peers/socketio) instead of the gateway
              --token-key HEX            mint user tokens offline with the gateway's auth.token_aes_key
                                         (default: over HTTP, /generate-token)
            """;
}
