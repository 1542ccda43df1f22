package io.daisi.ws.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Port: the gRPC address of each live pod, from its heartbeat (SPEC §6 "Pod liveness"); empty = dead. */
public interface PodDirectory {
    CompletionStage<Map<String, Optional<String>>> addresses(Collection<String> podIds);
}
