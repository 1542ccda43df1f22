package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.NatsConfig;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure stream {@code nats.stream_name} captures {@code {prefix}.>}: creates it (file
 * storage, limits retention, direct get allowed) when {@code nats.create_stream} is set,
 * otherwise only checks it. Runs on every (re)connect and when readiness asks, so a stream
 * created or deleted by an operator is noticed; a missing stream is reported, never fatal.
 */
public final class StreamSetup {
    private static final Logger log = LoggerFactory.getLogger(StreamSetup.class);
    /** Readiness probes more often than this reuse the last answer. */
    private static final Duration FRESH_FOR = Duration.ofSeconds(2);

    private final NatsConnector connector;
    private final String stream;
    private final String prefix;
    private final boolean create;
    private final Object lock = new Object();
    private CompletableFuture<StreamStatus> latest;
    private long latestStartedNanos;
    /** The last finding, so that only changes are logged. */
    private volatile StreamStatus status = new StreamStatus.NotReady("not checked yet");

    public StreamSetup(NatsConnector connector, NatsConfig config) {
        this.connector = connector;
        this.stream = config.streamName();
        this.prefix = config.subjectPrefix();
        this.create = config.createStream();
    }

    /** Checks (or creates) the stream on the first connect and every reconnect from now on. */
    public void start() {
        connector.onConnected(this::refresh);
    }

    /**
     * Looks at the stream now (creating it if configured), unless a look is under way or found
     * it ready moments ago. Never fails: problems are a {@link StreamStatus.NotReady}, and are
     * looked at again on the next call.
     */
    CompletionStage<StreamStatus> refresh() {
        synchronized (lock) {
            boolean reuse = latest != null && (!latest.isDone() || latest.join() instanceof StreamStatus.Ready
                    && System.nanoTime() - latestStartedNanos < FRESH_FOR.toNanos());
            if (!reuse) {
                latestStartedNanos = System.nanoTime();
                latest = connector.call(nats -> ensure(nats.management()))
                        .exceptionally(failure -> new StreamStatus.NotReady(reason(NatsConnector.unwrap(failure))))
                        .thenApply(this::record);
            }
            return latest;
        }
    }

    private StreamStatus ensure(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        try {
            return check(jsm.getStreamInfo(stream));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != ApiErrors.STREAM_NOT_FOUND) {
                throw e;
            }
        }
        if (!create) {
            return new StreamStatus.NotReady("stream " + stream + " missing (nats.create_stream is false)");
        }
        try {
            StreamInfo created = jsm.addStream(configuration());
            log.info("created JetStream stream {} over {}.>", stream, prefix);
            return check(created);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != ApiErrors.STREAM_NAME_IN_USE) {
                throw e;
            }
            return check(jsm.getStreamInfo(stream)); // another pod created it first
        }
    }

    StreamConfiguration configuration() {
        return StreamConfiguration.builder()
                .name(stream)
                .subjects(prefix + ".>")
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.Old)
                .allowDirect(true)
                .build();
    }

    private StreamStatus check(StreamInfo info) {
        List<String> subjects = info.getConfiguration().getSubjects();
        if (subjects.stream().noneMatch(subject -> captures(subject, prefix))) {
            return new StreamStatus.NotReady("stream " + stream + " does not capture " + prefix + ".> (its subjects: "
                    + String.join(", ", subjects) + ")");
        }
        return new StreamStatus.Ready();
    }

    /** True if every subject under {@code prefix.} matches the stream subject {@code streamSubject}. */
    static boolean captures(String streamSubject, String prefix) {
        String[] s = streamSubject.split("\\.", -1);
        String[] p = prefix.split("\\.", -1);
        for (int i = 0; i < s.length; i++) {
            if (s[i].equals(">")) {
                return i == s.length - 1 && i <= p.length;
            }
            if (i >= p.length || !(s[i].equals("*") || s[i].equals(p[i]))) {
                return false;
            }
        }
        return false;
    }

    private StreamStatus record(StreamStatus now) {
        StreamStatus before = status;
        status = now;
        if (!Objects.equals(before, now)) {
            switch (now) {
                case StreamStatus.Ready ready -> log.info("JetStream stream {} is ready", stream);
                case StreamStatus.NotReady notReady -> {
                    if (connector.isConnected()) {
                        log.warn("JetStream stream not usable: {}", notReady.reason());
                    }
                }
            }
        }
        return now;
    }

    private static String reason(Throwable failure) {
        if (failure instanceof JetStreamApiException e) {
            return "JetStream: " + e.getErrorDescription() + " (" + e.getApiErrorCode() + ")";
        }
        return failure instanceof NatsUnavailableException ? failure.getMessage() : failure.toString();
    }
}
