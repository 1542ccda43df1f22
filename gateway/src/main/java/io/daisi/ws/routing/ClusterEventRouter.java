package io.daisi.ws.routing;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * in it. Route reads of a burst are coalesced into pipelined lookups ({@link RouteLookups}).
 * The read is not waited for to start forwarding: the event leaves at once for the pods its
 * route had when last read ({@link RecentRoutes}), and the fresh read then adds the pods that
 * joined since; only the fresh read's pods must confirm. The returned stage completes — so the
 * event may be acknowledged — when every forward
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
    private final RecentRoutes recent = new RecentRoutes();

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
        // The route lookup starts first so it overlaps everything else. It is asked for now,
        // after the event was taken, so it sees every socket registered before (RouteLookups).
        CompletionStage<Set<String>> routePods = lookups.pods(routeKey);
        Map<Peer, CompletableFuture<Void>> early = forwardToRecentPods(routeKey, event);
        metrics.delivered(localDelivery.deliver(event));
        CompletionStage<Void> forwarded = routePods.exceptionallyCompose(this::storeDown).thenCompose(pods -> {
            List<String> others = new ArrayList<>(pods.size());
            for (String pod : pods) {
                if (!pod.equals(podId)) {
                    others.add(pod);
                }
            }
            recent.remember(routeKey, others);
            if (others.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return peers.addresses(others).exceptionallyCompose(this::storeDown)
                    .thenCompose(addresses -> forwardAll(routeKey, event, addresses, early));
        });
        return forwarded.thenCompose(ignored -> settling.remaining()
                .<CompletionStage<Void>>map(left -> CompletableFuture.failedFuture(new RoutesUncertainException(
                        "routes may be incomplete: the store came back moments ago", left, null)))
                .orElseGet(() -> CompletableFuture.completedFuture(null)));
    }

    /**
     * Forwards the event at once to the other pods its route had when last read, if their
     * addresses are known without a read: the cross-pod hop then does not wait for the route
     * lookup. Who must confirm the event is still decided by the fresh read ({@link #forwardAll}).
     */
    private Map<Peer, CompletableFuture<Void>> forwardToRecentPods(String routeKey, Event event) {
        List<String> guess = recent.otherPods(routeKey);
        if (guess.isEmpty()) {
            return Map.of();
        }
        Map<Peer, CompletableFuture<Void>> early = new HashMap<>();
        for (String pod : guess) {
            peers.rememberedAddress(pod).ifPresent(address -> {
                Peer peer = new Peer(pod, address);
                try {
                    early.put(peer, forwarder.forward(peer, event).toCompletableFuture());
                } catch (RuntimeException e) {
                    // local delivery must not depend on a guess: the fresh read forwards again
                    log.debug("early forward to pod {} failed", pod, e);
                }
            });
        }
        return early;
    }

    private <T> CompletionStage<T> storeDown(Throwable failure) {
        return CompletableFuture.failedFuture(new RoutesUncertainException("routes could not be read",
                settling.storeDownRetry(), failure));
    }

    /** A pod without a heartbeat is dead — unless the store just came back and it has not beaten again yet. */
    private boolean deadForSure() {
        return settling.remaining().isEmpty();
    }

    /**
     * Forwards to every live pod of the fresh read, reusing a forward already sent to the same pod
     * at the same address; forwards sent to pods the fresh read no longer has are not waited for.
     */
    private CompletionStage<Void> forwardAll(String routeKey, Event event, Map<String, Optional<String>> addresses,
                                             Map<Peer, CompletableFuture<Void>> early) {
        List<CompletableFuture<Void>> forwards = new ArrayList<>(addresses.size());
        addresses.forEach((pod, address) -> {
            if (address.isEmpty() && deadForSure()) {
                forgetDead(routeKey, pod);
            } else if (address.isEmpty()) {
                forwards.add(CompletableFuture.failedFuture(new RoutesUncertainException("pod " + pod
                        + " has no heartbeat yet after the store came back", settling.remaining().orElse(Duration.ZERO),
                        null)));
            } else {
                Peer peer = new Peer(pod, address.get());
                CompletableFuture<Void> sent = early.get(peer);
                forwards.add(confirmed(routeKey, peer, sent != null ? sent
                        : forwarder.forward(peer, event).toCompletableFuture()));
            }
        });
        return CompletableFuture.allOf(forwards.toArray(CompletableFuture[]::new));
    }

    /** A failed forward counts only while the peer is alive: a pod that died meanwhile is skipped. */
    private CompletableFuture<Void> confirmed(String routeKey, Peer peer, CompletableFuture<Void> forward) {
        return forward.exceptionallyCompose(failure -> peers.isAlive(peer.podId()).thenCompose(alive -> {
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
