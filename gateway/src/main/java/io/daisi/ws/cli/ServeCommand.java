package io.daisi.ws.cli;

import io.daisi.ws.Gateway;
import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.ConfigWatcher;
import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.config.LiveConfig;
import io.daisi.ws.observability.LogFormat;
import io.daisi.ws.observability.LogLevel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve} (also what runs with no command): loads the configuration, starts the gateway,
 * watches the config file and stops the gateway on SIGTERM/SIGINT within
 * {@code app.shutdown_timeout_seconds}. Returns once the gateway runs; the JVM then lives on
 * its non-daemon threads until the shutdown hook has stopped it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "Run the gateway (the default command).")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    /** Exit code for an invalid configuration at start (kept from before the command line had commands). */
    public static final int EXIT_CONFIG = 2;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    private final CliEnvironment environment;
    private volatile boolean running;

    public ServeCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /** True once the gateway started: the caller must then not exit the process. */
    public boolean running() {
        return running;
    }

    @Override
    public Integer call() {
        return serve(config.path(spec), spec.commandLine().getErr());
    }

    int serve(Optional<Path> configFlag, PrintWriter err) {
        LiveConfig live;
        Gateway gateway;
        try {
            live = LiveConfig.load(environment.loader(configFlag), ServeCommand::setUpLogging);
            live.addListener(change -> setUpLogging(change.next()));
            gateway = Gateway.start(live);
        } catch (ConfigException e) {
            err.println("daisi-ws: invalid configuration:");
            e.problems().forEach(problem -> err.println("  - " + problem));
            err.flush();
            log.error("invalid configuration: {}", e.getMessage());
            return EXIT_CONFIG;
        } catch (Exception e) {
            err.println("daisi-ws: failed to start: " + e.getMessage());
            err.flush();
            log.error("failed to start", e);
            return CommandErrors.FAILED;
        }
        ConfigWatcher watcher = new ConfigWatcher(live);
        watcher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(live, watcher, gateway), "shutdown-hook"));
        running = true;
        log.info("daisi-ws ready on port {} (pod {})", gateway.httpPort(), gateway.podId());
        return 0;
    }

    private static void setUpLogging(GatewayConfig config) {
        LogFormat.apply(config.log().format());
        LogLevel.apply(config.log().level());
    }

    private static void stop(LiveConfig live, ConfigWatcher watcher, Gateway gateway) {
        long timeoutSeconds = live.current().app().shutdownTimeoutSeconds();
        CountDownLatch stopped = new CountDownLatch(1);
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
                LogShutdown.flush();
                Runtime.getRuntime().halt(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LogShutdown.flush();
    }
}
