package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class LocalDeliveryTest {
    private final SubscriptionIndex index = new SubscriptionIndex(RouteListener.NONE, Clock.systemUTC());
    private final List<String> received = new ArrayList<>();

    /** An executor that queues its tasks until the test runs them. */
    private static final class Loop implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            new ArrayList<>(tasks).forEach(Runnable::run);
            tasks.clear();
        }
    }

    private Subscriber on(Loop loop, String name, boolean fails) {
        return new Subscriber() {
            @Override
            public void deliver(Event event) {
                throw new AssertionError("local delivery goes through the loop");
            }

            @Override
            public Executor loop() {
                return loop;
            }

            @Override
            public void deliverInLoop(Event event) {
                if (fails) {
                    throw new IllegalStateException("broken socket");
                }
                received.add(name + ":" + event.eventId());
            }
        };
    }

    @Test
    void oneTaskPerLoopPerEventAndAFailingSocketKeepsNothingFromTheOthers() {
        Loop first = new Loop();
        Loop second = new Loop();
        index.joinUser(on(first, "a", false), "c", "x");
        index.joinUser(on(first, "b", true), "c", "x");
        index.joinUser(on(first, "c", false), "c", "x");
        index.joinUser(on(second, "d", false), "c", "x");
        EventSubject chats = EventSubject.chats("c", "x");
        LocalDelivery delivery = new LocalDelivery(index);

        assertThat(delivery.deliver(new Event(chats, 1, "{}".getBytes(StandardCharsets.UTF_8), "e1", "r", 0)))
                .isEqualTo(4);
        delivery.deliver(new Event(chats, 2, "{}".getBytes(StandardCharsets.UTF_8), "e2", "r", 0));
        assertThat(first.tasks).hasSize(2);
        assertThat(second.tasks).hasSize(2);
        assertThat(received).isEmpty();

        first.runAll();
        second.runAll();
        assertThat(received).containsExactlyInAnyOrder("a:e1", "c:e1", "d:e1", "a:e2", "c:e2", "d:e2");
        assertThat(received.stream().filter(r -> r.startsWith("a:"))).containsExactly("a:e1", "a:e2");
    }
}
