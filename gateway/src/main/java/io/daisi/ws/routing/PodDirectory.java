package io.daisi.ws.routing;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Port: the gRPC address of each live pod, from its heartbeat (SPEC §6 "Pod liveness"); empty = dead. */
public interface PodDirectory {
    /** Writes this pod's heartbeat: its gRPC address, kept for {@code ttl} unless written again. */
    CompletionStage<Void> beat(String podId, String grpcAddress, Duration ttl);

    /** Deletes the heartbeat at shutdown, so peers stop forwarding at once rather than after the TTL. */
    CompletionStage<Void> remove(String podId);

    CompletionStage<Map<String, Optional<String>>> addresses(Collection<String> podIds);
}
