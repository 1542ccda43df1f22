package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SubscriptionIndexTest {
    private final List<String> routeLog = new ArrayList<>();
    private final SubscriptionIndex index = new SubscriptionIndex(new RouteListener() {
        @Override
        public java.util.concurrent.CompletionStage<Void> routeAdded(String routeKey) {
            routeLog.add("+" + routeKey);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public void routeRemoved(String routeKey) {
            routeLog.add("-" + routeKey);
        }
    }, java.time.Clock.systemUTC());

    private record Named(String name) implements Subscriber {
        @Override
        public void deliver(Event event) {
        }
    }

    /** A socket on an event loop of its own choosing. */
    private record OnLoop(String name, Executor loop) implements Subscriber {
        @Override
        public void deliver(Event event) {
        }
    }

    private List<String> audience(EventSubject subject) {
        List<String> names = new ArrayList<>();
        index.forEachMatching(subject, s -> names.add(((Named) s).name()));
        return names;
    }

    @Test
    void chatsEventsReachEveryUserOfTheCompanyAndAgent() {
        index.joinUser(new Named("u1"), "c1", "a1");
        index.joinUser(new Named("u2"), "c1", "a1");
        index.joinUser(new Named("u3"), "c1", "a2");
        index.joinUser(new Named("u4"), "c2", "a1");
        assertThat(audience(EventSubject.chats("c1", "a1"))).containsExactlyInAnyOrder("u1", "u2");
        assertThat(audience(EventSubject.chats("c2", "a2"))).isEmpty();
    }

    @Test
    void messagesEventsReachOnlySocketsViewingTheChat() {
        var u1 = index.joinUser(new Named("u1"), "c1", "a1");
        var u2 = index.joinUser(new Named("u2"), "c1", "a1");
        index.joinUser(new Named("u3"), "c1", "a1");
        u1.selectChat("x");
        u2.selectChat("y");
        assertThat(audience(EventSubject.messages("c1", "a1", "x"))).containsExactly("u1");
        assertThat(audience(EventSubject.messages("c1", "a1", "y"))).containsExactly("u2");
        u2.selectChat("x");
        assertThat(audience(EventSubject.messages("c1", "a1", "x"))).containsExactlyInAnyOrder("u1", "u2");
        assertThat(audience(EventSubject.messages("c1", "a1", "y"))).isEmpty();
        assertThat(audience(EventSubject.messages("c9", "a1", "x"))).isEmpty();
    }

    @Test
    void agentsEventsReachAdminsByScope() {
        index.joinAdmin(new Named("all"), new AdminScope(Optional.empty(), Optional.empty()));
        index.joinAdmin(new Named("c1"), new AdminScope(Optional.of("c1"), Optional.empty()));
        index.joinAdmin(new Named("c1a1"), new AdminScope(Optional.of("c1"), Optional.of("a1")));
        index.joinAdmin(new Named("c2"), new AdminScope(Optional.of("c2"), Optional.empty()));
        assertThat(audience(EventSubject.agents("c1", "a1"))).containsExactlyInAnyOrder("all", "c1", "c1a1");
        assertThat(audience(EventSubject.agents("c1", "a2"))).containsExactlyInAnyOrder("all", "c1");
        assertThat(audience(EventSubject.agents("c2", "a1"))).containsExactlyInAnyOrder("all", "c2");
        // users never get agents events, admins never get chats events
        index.joinUser(new Named("user"), "c1", "a1");
        assertThat(audience(EventSubject.agents("c1", "a1"))).doesNotContain("user");
        assertThat(audience(EventSubject.chats("c1", "a1"))).containsExactly("user");
    }

    @Test
    void routesAreReportedOnFirstJoinAndLastLeave() {
        var u1 = index.joinUser(new Named("u1"), "c", "a");
        var u2 = index.joinUser(new Named("u2"), "c", "a");
        u1.selectChat("x");
        u2.selectChat("x");
        u1.selectChat("y");
        u2.leave();
        u1.leave();
        var admin = index.joinAdmin(new Named("adm"), new AdminScope(Optional.empty(), Optional.empty()));
        admin.leave();
        assertThat(routeLog).containsExactly(
                "+route:c:a:chats",
                "+route:c:a:messages:x",
                "+route:c:a:messages:y",
                "-route:c:a:messages:x",
                "-route:c:a:messages:y",
                "-route:c:a:chats",
                "+route:admin:agents",
                "-route:admin:agents");
        assertThat(index.heldRoutes()).isEmpty();
    }

    @Test
    void joiningWaitsForTheRouteAndAFailedRegistrationIsRetriedByTheNextJoiner() {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        SubscriptionIndex flaky = new SubscriptionIndex(new RouteListener() {
            @Override
            public java.util.concurrent.CompletionStage<Void> routeAdded(String routeKey) {
                return attempts.incrementAndGet() == 1
                        ? java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("down"))
                        : java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public void routeRemoved(String routeKey) {
            }
        }, java.time.Clock.systemUTC());
        var first = flaky.joinUser(new Named("u1"), "c", "a");
        assertThat(first.registered().toCompletableFuture()).isCompletedExceptionally();
        var second = flaky.joinUser(new Named("u2"), "c", "a");
        assertThat(second.registered().toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void leaveIsIdempotentAndSelectAfterLeaveIsIgnored() {
        var u1 = index.joinUser(new Named("u1"), "c", "a");
        u1.leave();
        u1.leave();
        u1.selectChat("x");
        assertThat(index.heldRoutes()).isEmpty();
        assertThat(routeLog).containsExactly("+route:c:a:chats", "-route:c:a:chats");
    }

    @Test
    void theSocketsOfARouteAreHandedOverOncePerLoop() {
        Executor loopA = Runnable::run;
        Executor loopB = Runnable::run;
        index.joinUser(new OnLoop("a1", loopA), "c1", "a1");
        index.joinUser(new OnLoop("b1", loopB), "c1", "a1");
        index.joinUser(new OnLoop("a2", loopA), "c1", "a1");
        Map<Executor, List<String>> handed = new LinkedHashMap<>();
        int count = index.forEachLoop(EventSubject.chats("c1", "a1"), (loop, subscribers) -> {
            List<String> names = new ArrayList<>();
            for (Subscriber s : subscribers) {
                names.add(((OnLoop) s).name());
            }
            assertThat(handed.put(loop, names)).as("one call per loop").isNull();
        });
        assertThat(count).isEqualTo(3);
        assertThat(handed).hasSize(2);
        assertThat(handed.get(loopA)).containsExactlyInAnyOrder("a1", "a2");
        assertThat(handed.get(loopB)).containsExactly("b1");
    }

    @Test
    void theGroupingKeptBetweenEventsFollowsEveryJoinAndLeave() {
        EventSubject chats = EventSubject.chats("c1", "a1");
        index.joinUser(new Named("u1"), "c1", "a1");
        var u2 = index.joinUser(new Named("u2"), "c1", "a1");
        assertThat(audience(chats)).containsExactlyInAnyOrder("u1", "u2");
        assertThat(audience(chats)).containsExactlyInAnyOrder("u1", "u2");
        index.joinUser(new Named("u3"), "c1", "a1");
        assertThat(audience(chats)).containsExactlyInAnyOrder("u1", "u2", "u3");
        u2.leave();
        assertThat(audience(chats)).containsExactlyInAnyOrder("u1", "u3");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anEventHandedOutWhileSocketsJoinReachesEverySocketThatJoinedBeforeIt() throws Exception {
        EventSubject chats = EventSubject.chats("c1", "a1");
        int sockets = 20_000;
        AtomicInteger joined = new AtomicInteger();
        AtomicReference<String> violation = new AtomicReference<>();
        Thread dispatcher = new Thread(() -> {
            while (joined.get() < sockets && violation.get() == null) {
                int before = joined.get();
                int reached = index.forEachMatching(chats, s -> { });
                if (reached < before) {
                    violation.set(before + " sockets had joined, the event reached " + reached);
                }
            }
        });
        dispatcher.start();
        for (int i = 0; i < sockets; i++) {
            index.joinUser(new Named("u" + i), "c1", "a1");
            joined.incrementAndGet();
        }
        dispatcher.join();
        assertThat(violation.get()).isNull();
        assertThat(index.forEachMatching(chats, s -> { })).isEqualTo(sockets);
    }
}
