package io.daisi.ws.routing;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared-mode delivery (SPEC §6 "How"): the pod that took an event delivers it to its own
 * matching sockets at once, reads the event's route set and forwards it to every other live pod
 * in it. Route reads of a burst are coalesced into pipelined lookups ({@link RouteLookups}). The returned stage completes — so the event may be acknowledged — when every forward
 * succeeded; it fails, so the event is redelivered, when a live pod could not take it. A pod
 * without a heartbeat is dead: skipped, and removed from the route. While the store is down, or
 * just back and possibly missing routes ({@link RouteSettling}), the event is delivered to every
 * pod that can be found but fails with a retry-after hint, so it is redelivered once the routes
 * can be trusted — not after a backoff that a store outage would exhaust.
 */
public final class ClusterEventRouter implements EventDispatcher {
    private static final Logger log = LoggerFactory.getLogger(ClusterEventRouter.class);

    private final String podId;
    private final LocalDelivery localDelivery;
    private final RouteRegistry routes;
    private final RouteLookups lookups;
    private final LivePeers peers;
    private final PeerForwarder forwarder;
    private final RoutingMetrics metrics;
    private final RouteSettling settling;

    public ClusterEventRouter(String podId, LocalDelivery localDelivery, RouteRegistry routes, LivePeers peers,
                              PeerForwarder forwarder, RoutingMetrics metrics) {
        this(podId, localDelivery, routes, peers, forwarder, metrics, RouteSettling.never());
    }

    public ClusterEventRouter(String podId, LocalDelivery localDelivery, RouteRegistry routes, LivePeers peers,
                              PeerForwarder forwarder, RoutingMetrics metrics, RouteSettling settling) {
        this.settling = settling;
        this.podId = podId;
        this.localDelivery = localDelivery;
        this.routes = routes;
        this.lookups = new RouteLookups(routes);
        this.peers = peers;
        this.forwarder = forwarder;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<Void> dispatch(Event event) {
        String routeKey = RouteKeys.forSubject(event.subject());
        // The route lookup starts before local delivery so the two overlap. It is asked for now,
        // after the event was taken, so it sees every socket registered before (RouteLookups).
        CompletionStage<Set<String>> routePods = lookups.pods(routeKey);
        metrics.delivered(localDelivery.deliver(event));
        CompletionStage<Void> forwarded = routePods.exceptionallyCompose(this::storeDown).thenCompose(pods -> {
            List<String> others = new ArrayList<>(pods.size());
            for (String pod : pods) {
                if (!pod.equals(podId)) {
                    others.add(pod);
                }
            }
            if (others.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return peers.addresses(others).exceptionallyCompose(this::storeDown)
                    .thenCompose(addresses -> forwardAll(routeKey, event, addresses));
        });
        return forwarded.thenCompose(ignored -> settling.remaining()
                .<CompletionStage<Void>>map(left -> CompletableFuture.failedFuture(new RoutesUncertainException(
                        "routes may be incomplete: the store came back moments ago", left, null)))
                .orElseGet(() -> CompletableFuture.completedFuture(null)));
    }

    private <T> CompletionStage<T> storeDown(Throwable failure) {
        return CompletableFuture.failedFuture(new RoutesUncertainException("routes could not be read",
                settling.storeDownRetry(), failure));
    }

    /** A pod without a heartbeat is dead — unless the store just came back and it has not beaten again yet. */
    private boolean deadForSure() {
        return settling.remaining().isEmpty();
    }

    private CompletionStage<Void> forwardAll(String routeKey, Event event, Map<String, Optional<String>> addresses) {
        List<CompletableFuture<Void>> forwards = new ArrayList<>(addresses.size());
        addresses.forEach((pod, address) -> {
            if (address.isEmpty() && deadForSure()) {
                forgetDead(routeKey, pod);
            } else if (address.isEmpty()) {
                forwards.add(CompletableFuture.failedFuture(new RoutesUncertainException("pod " + pod
                        + " has no heartbeat yet after the store came back", settling.remaining().orElse(Duration.ZERO),
                        null)));
            } else {
                forwards.add(forward(routeKey, event, new Peer(pod, address.get())));
            }
        });
        return CompletableFuture.allOf(forwards.toArray(CompletableFuture[]::new));
    }

    /** A failed forward counts only while the peer is alive: a pod that died meanwhile is skipped. */
    private CompletableFuture<Void> forward(String routeKey, Event event, Peer peer) {
        return forwarder.forward(peer, event).toCompletableFuture()
                .exceptionallyCompose(failure -> peers.isAlive(peer.podId()).thenCompose(alive -> {
                    if (alive || !deadForSure()) {
                        return CompletableFuture.failedFuture(failure);
                    }
                    forgetDead(routeKey, peer.podId());
                    return CompletableFuture.completedFuture(null);
                }));
    }

    private void forgetDead(String routeKey, String deadPod) {
        log.info("pod {} has no heartbeat: skipping it and removing it from {}", deadPod, routeKey);
        routes.removePod(routeKey, deadPod).whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.debug("could not remove dead pod {} from {}", deadPod, routeKey, failure);
            }
        });
    }
}
