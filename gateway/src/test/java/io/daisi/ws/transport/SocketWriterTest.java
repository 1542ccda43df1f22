package io.daisi.ws.transport;

import static io.daisi.ws.transport.SocketChannelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.EventSubject;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.protocol.ServerFrames;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SocketWriterTest {
    private static final EventSubject CHATS = EventSubject.chats("c", "a");
    private final SocketChannelHarness harness = new SocketChannelHarness();

    private static Optional<Outbound> ready() {
        return Optional.of(Outbound.control(FrameType.READY, ServerFrames.ready()));
    }

    @Test
    void nothingIsWrittenBeforeTheGateOpensAndReadyGoesFirst() {
        SocketWriter writer = harness.writer(10, BackpressurePolicy.CATCH_UP);
        writer.event(event(1, CHATS), BackpressurePolicy.CATCH_UP);
        writer.event(event(2, CHATS), BackpressurePolicy.CATCH_UP);
        harness.settle();
        assertThat(harness.trace()).isEmpty();
        writer.open(ready());
        harness.settle();
        assertThat(harness.trace()).containsExactly("ready", "e1", "e2");
    }

    @Test
    void readyWhatWasQueuedAndTheFirstPositionGoOutInOneFlush() {
        AtomicInteger flushes = harness.countFlushes();
        SocketWriter writer = harness.writer(10, BackpressurePolicy.CATCH_UP);
        writer.event(event(1, CHATS), BackpressurePolicy.CATCH_UP);
        writer.open(ready());
        writer.force(Outbound.control(FrameType.POSITION, ServerFrames.position(1)));
        harness.settle();

        assertThat(harness.trace()).containsExactly("ready", "e1", "p1");
        assertThat(flushes).as("one send() for the handshake's first frames").hasValue(1);
    }

    @Test
    void readyAloneIsFlushedToo() {
        SocketWriter writer = harness.writer(10, BackpressurePolicy.CATCH_UP);
        writer.open(ready());
        harness.settle();

        assertThat(harness.trace()).containsExactly("ready");
    }

    @Test
    void aBurstIsDrainedInOrderAndControlFramesKeepTheirPlace() {
        SocketWriter writer = harness.writer(10, BackpressurePolicy.CATCH_UP);
        writer.open(ready());
        writer.event(event(1, CHATS), BackpressurePolicy.CATCH_UP);
        writer.force(Outbound.control(FrameType.POSITION, ServerFrames.position(1)));
        writer.event(event(2, CHATS), BackpressurePolicy.CATCH_UP);
        harness.settle();
        assertThat(harness.trace()).containsExactly("ready", "e1", "p1", "e2");
    }

    @Test
    void aFullQueueRefusesEventsUnderCatchUpButTakesControlFrames() {
        SocketWriter writer = harness.writer(2, BackpressurePolicy.CATCH_UP);
        writer.open(ready());
        harness.stall();
        assertThat(writer.event(event(1, CHATS), BackpressurePolicy.CATCH_UP)).isEqualTo(SendQueue.Offer.ACCEPTED);
        assertThat(writer.event(event(2, CHATS), BackpressurePolicy.CATCH_UP)).isEqualTo(SendQueue.Offer.ACCEPTED);
        assertThat(writer.event(event(3, CHATS), BackpressurePolicy.CATCH_UP)).isEqualTo(SendQueue.Offer.REFUSED);
        writer.force(Outbound.control(FrameType.ERROR, ServerFrames.error(ErrorBody.of(ErrorCode.BAD_REQUEST, "x"))));
        harness.settle();
        assertThat(writer.lowestQueuedSeq()).hasValue(1);
        assertThat(writer.unwritableSinceNanos()).isPositive();
        harness.resume(writer);
        assertThat(harness.trace()).containsExactly("ready", "e1", "e2", "error:BadRequest");
        assertThat(writer.lowestQueuedSeq()).isEmpty();
        assertThat(writer.unwritableSinceNanos()).isZero();
    }

    @Test
    void dropOldestDropsAndCounts() {
        SocketWriter writer = harness.writer(2, BackpressurePolicy.DROP_OLDEST);
        writer.open(ready());
        harness.stall();
        for (long seq = 1; seq <= 5; seq++) {
            writer.event(event(seq, CHATS), BackpressurePolicy.DROP_OLDEST);
        }
        harness.resume(writer);
        assertThat(harness.eventSeqs()).containsExactly(4L, 5L);
        assertThat(harness.metrics.dropped).hasValue(3);
    }

    @Test
    void closeDropsTheQueueWritesTheLastFramesThenTheCloseFrame() {
        SocketWriter writer = harness.writer(10, BackpressurePolicy.CATCH_UP);
        writer.open(ready());
        harness.settle();
        harness.stall();
        writer.event(event(1, CHATS), BackpressurePolicy.CATCH_UP);
        writer.close(1001, "bye", List.of(Outbound.control(FrameType.POSITION, ServerFrames.position(0))));
        harness.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        harness.settle();
        assertThat(harness.trace()).containsExactly("ready", "p0");
        assertThat(harness.closeCodes).containsExactly(1001);
        assertThat(harness.metrics.closed).containsExactly(1001);
        assertThat(writer.isOpen()).isFalse();
        assertThat(writer.event(event(2, CHATS), BackpressurePolicy.CATCH_UP)).isEqualTo(SendQueue.Offer.ACCEPTED);
        harness.settle();
        assertThat(harness.eventSeqs()).as("nothing after the close").isEmpty();
    }

    @Test
    void aCloseBeforeTheHandshakeClosesTheChannel() {
        SocketWriter writer = harness.writer(10, BackpressurePolicy.CATCH_UP);
        writer.close(4402, "taken over", List.of());
        assertThat(harness.channel.isOpen()).isFalse();
        assertThat(harness.trace()).isEmpty();
    }

    @Test
    void theCloseHandshakeTimerClosesASocketThatDoesNotAnswerAndGoesWhenItDoes() {
        SocketWriter silent = harness.writer(10, BackpressurePolicy.CATCH_UP);
        silent.open(ready());
        silent.close(1001, "bye", List.of());
        harness.channel.advanceTimeBy(SocketWriter.CLOSE_HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
        harness.channel.runScheduledPendingTasks();
        assertThat(harness.channel.isOpen()).as("no answer to the close: closed by the timer").isFalse();

        SocketChannelHarness answering = new SocketChannelHarness();
        SocketWriter writer = answering.writer(10, BackpressurePolicy.CATCH_UP);
        writer.open(ready());
        writer.close(1001, "bye", List.of());
        assertThat(answering.channel.runScheduledPendingTasks()).as("the timer is pending").isPositive();
        // the client answered and the socket closed (through the pipeline: EmbeddedChannel.close() would
        // cancel every scheduled task itself)
        answering.channel.pipeline().close();

        assertThat(answering.channel.runScheduledPendingTasks())
                .as("no timer left holding the closed socket for the rest of its delay").isEqualTo(-1);
    }
}
