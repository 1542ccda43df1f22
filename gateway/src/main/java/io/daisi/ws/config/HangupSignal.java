package io.daisi.ws.config;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A SIGHUP handler, the Unix way to ask a daemon to re-read its config. Kept apart because
 * {@code sun.misc.Signal} is unsupported API that some platforms lack.
 */
final class HangupSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HangupSignal.class);
    private static final String HUP = "HUP";

    private final SignalHandler previous;

    private HangupSignal(SignalHandler previous) {
        this.previous = previous;
    }

    /**
     * Runs {@code action} on a new daemon thread for each SIGHUP (the signal thread must not
     * block on a reload). Empty where SIGHUP cannot be handled.
     */
    static Optional<HangupSignal> install(Runnable action) {
        try {
            SignalHandler previous = Signal.handle(new Signal(HUP), signal ->
                    Thread.ofPlatform().daemon().name("config-sighup").start(action));
            return Optional.of(new HangupSignal(previous));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.info("SIGHUP cannot be handled on this platform ({}); reload on file change only", e.toString());
            return Optional.empty();
        }
    }

    /** Puts back the handler that was there before (by default, SIGHUP ends the JVM). */
    @Override
    public void close() {
        Signal.handle(new Signal(HUP), previous);
    }
}
