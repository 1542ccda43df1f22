package io.daisi.ws.events.jetstream;

import io.daisi.ws.observability.DependencyCheck;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Readiness check "nats": ok while connected and the stream is usable, else down with the
 * reason ("not connected", "stream wa_stream missing ...").
 */
public final class NatsReadiness implements DependencyCheck {
    private final NatsConnector connector;
    private final StreamSetup stream;
    private volatile Optional<String> reason = Optional.empty();

    public NatsReadiness(NatsConnector connector, StreamSetup stream) {
        this.connector = connector;
        this.stream = stream;
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public CompletionStage<Status> check() {
        if (!connector.isConnected()) {
            reason = Optional.of("not connected to " + connector.displayUrl());
            return CompletableFuture.completedFuture(Status.DOWN);
        }
        return stream.refresh().thenApply(status -> switch (status) {
            case StreamStatus.Ready ready -> {
                reason = Optional.empty();
                yield Status.OK;
            }
            case StreamStatus.NotReady notReady -> {
                reason = Optional.of(notReady.reason());
                yield Status.DOWN;
            }
        });
    }

    @Override
    public Optional<String> reason() {
        return reason;
    }
}
