package io.daisi.ws;

import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.ConfigLoader;
import io.daisi.ws.config.ConfigWatcher;
import io.daisi.ws.config.LiveConfig;
import io.daisi.ws.observability.LogLevel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses arguments, loads the configuration, starts the gateway and stops it on SIGTERM/SIGINT. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final int EXIT_CONFIG = 2;

    private Main() {
    }

    public static void main(String[] args) {
        Optional<Path> configFlag;
        try {
            configFlag = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("daisi-ws: " + e.getMessage());
            System.err.println(usage());
            System.exit(EXIT_CONFIG);
            return;
        }
        LiveConfig config;
        Gateway gateway;
        try {
            config = LiveConfig.load(ConfigLoader.forProcess(configFlag));
            LogLevel.apply(config.current().log().level());
            config.addListener(change -> LogLevel.apply(change.next().log().level()));
            gateway = Gateway.start(config);
        } catch (ConfigException e) {
            System.err.println("daisi-ws: invalid configuration:");
            e.problems().forEach(problem -> System.err.println("  - " + problem));
            log.error("invalid configuration: {}", e.getMessage());
            flushLogsAndExit(EXIT_CONFIG);
            return;
        } catch (Exception e) {
            System.err.println("daisi-ws: failed to start: " + e.getMessage());
            log.error("failed to start", e);
            flushLogsAndExit(1);
            return;
        }
        ConfigWatcher watcher = new ConfigWatcher(config);
        watcher.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long timeoutSeconds = config.current().app().shutdownTimeoutSeconds();
            Thread stopper = new Thread(() -> {
                watcher.close();
                gateway.close();
                stopped.countDown();
            }, "shutdown");
            stopper.start();
            try {
                if (!stopped.await(timeoutSeconds, TimeUnit.SECONDS)) {
                    log.error("shutdown did not finish within app.shutdown_timeout_seconds={}; exiting anyway",
                            timeoutSeconds);
                    ch.qos.logback.classic.LoggerContext ctx = logbackContext();
                    if (ctx != null) {
                        ctx.stop();
                    }
                    Runtime.getRuntime().halt(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ch.qos.logback.classic.LoggerContext ctx = logbackContext();
            if (ctx != null) {
                ctx.stop();
            }
        }, "shutdown-hook"));
        log.info("daisi-ws ready on port {} (pod {})", gateway.httpPort(), gateway.podId());
    }

    static Optional<Path> parseArgs(String[] args) {
        Optional<Path> config = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") && i + 1 < args.length) {
                config = Optional.of(Path.of(args[++i]));
            } else if (arg.startsWith("--config=")) {
                config = Optional.of(Path.of(arg.substring("--config=".length())));
            } else if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage());
                System.exit(0);
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        return config;
    }

    private static String usage() {
        return """
                usage: daisi-ws [--config PATH]
                  --config PATH  configuration file (else $DAISI_WS_CONFIG, else ./config/config.yaml, else built-in defaults)
                Every key can be overridden by DAISI_WS_<SECTION>_<KEY>, e.g. DAISI_WS_SERVER_HTTP_PORT=8081.""";
    }

    private static void flushLogsAndExit(int code) {
        ch.qos.logback.classic.LoggerContext ctx = logbackContext();
        if (ctx != null) {
            ctx.stop();
        }
        System.exit(code);
    }

    private static ch.qos.logback.classic.LoggerContext logbackContext() {
        return org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext c ? c : null;
    }
}
