package io.daisi.ws.events.jetstream;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Records every dispatch in call order; what each dispatch returns is up to the test. */
final class RecordingDispatcher implements EventDispatcher {
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile Function<Event, CompletionStage<Void>> outcome = event -> CompletableFuture.completedFuture(null);

    RecordingDispatcher answering(Function<Event, CompletionStage<Void>> answer) {
        this.outcome = answer;
        return this;
    }

    @Override
    public CompletionStage<Void> dispatch(Event event) {
        events.add(event);
        return outcome.apply(event);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Long> seqs() {
        return events.stream().map(Event::seq).toList();
    }

    long attempts(String eventId) {
        return events.stream().filter(e -> e.eventId().equals(eventId)).count();
    }
}
