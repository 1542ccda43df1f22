package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.EventFilter;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.events.StreamFloor;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The ticker hands sockets the floor, except after the process did not run: then they catch up instead. */
class PositionTickerTest {
    private static final long SECOND = 1_000_000_000L;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicInteger historyReads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(SECOND);
    private final AtomicLong floorValue = new AtomicLong();
    private long readTakes;
    private final StreamFloor floor = new StreamFloor() {
        @Override
        public CompletionStage<Long> read() {
            now.addAndGet(readTakes);
            return CompletableFuture.completedFuture(floorValue.get());
        }

        @Override
        public long lastRead() {
            return floorValue.get();
        }
    };
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final PositionTicker ticker = new PositionTicker(floor, registry, () -> Duration.ofSeconds(7), now::get, 1);
    private final ClientConnection socket = socket();

    private ClientConnection socket() {
        return socket(channel, registry);
    }

    private ClientConnection socket(EmbeddedChannel channel, ConnectionRegistry registry) {
        EventHistory history = (filters, after, limit) -> {
            historyReads.incrementAndGet();
            return CompletableFuture.completedFuture(new EventHistory.Events(List.of(), floorValue.get(), 0,
                    floorValue.get()));
        };
        ConnectionSettings settings = new ConnectionSettings(10, BackpressurePolicy.CATCH_UP, SECOND, 2 * SECOND,
                30 * SECOND, 10, 65_536, 20, 40);
        ClientConnection c = new ClientConnection(channel, new ConnectionIdentity.User("c", "a", "u"), "r", settings,
                SocketMetrics.NONE, Clock.systemUTC(), history, () -> List.<EventFilter>of(new EventFilter.Chats("c", "a")),
                () -> 1000);
        c.start(OptionalLong.empty(), 0);
        c.markUpgraded();
        c.open();
        registry.add(c);
        channel.runPendingTasks();
        return c;
    }

    private void tickAt(long nanos) {
        now.set(nanos);
        ticker.tick();
        channel.runPendingTasks();
    }

    @Test
    void onTimeTicksHandOutTheFloorAndReadNoHistory() {
        floorValue.set(5);
        tickAt(2 * SECOND);
        tickAt(3 * SECOND);
        assertThat(historyReads).hasValue(0);
        assertThat(socket.isOpen()).isTrue();
    }

    @Test
    void aTickFarTooLateMakesSocketsCatchUpInsteadOfTakingTheNewFloor() {
        floorValue.set(5);
        tickAt(2 * SECOND);
        floorValue.set(500); // covers events peers acknowledged while this process was stopped
        tickAt(22 * SECOND);
        assertThat(historyReads).as("the socket reads the history from its old position").hasValue(1);
    }

    @Test
    void aFloorReadThatSpannedAPauseIsNotHandedOut() {
        tickAt(2 * SECOND);
        readTakes = 20 * SECOND;
        floorValue.set(500);
        tickAt(3 * SECOND);
        assertThat(historyReads).hasValue(1);
    }

    @Test
    void aTicksFloorGoesToOneSliceOfTheSocketsAtOnceTheOthersLaterInTheSecond() {
        ConnectionRegistry many = new ConnectionRegistry();
        List<EmbeddedChannel> channels = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EmbeddedChannel c = new EmbeddedChannel();
            socket(c, many);
            c.runPendingTasks();
            channels.add(c);
        }
        PositionTicker sliced = new PositionTicker(floor, many, () -> Duration.ofSeconds(7), now::get, 10);
        sliced.close(); // the later slices cannot be scheduled: what the tick hands out at once is all there is
        floorValue.set(5);
        now.set(2 * SECOND);
        sliced.tick();
        assertThat(channels.stream().filter(EmbeddedChannel::hasPendingTasks).count())
                .as("one socket in ten gets the floor at the tick; the rest over the next 900 ms").isEqualTo(2);
    }
}
