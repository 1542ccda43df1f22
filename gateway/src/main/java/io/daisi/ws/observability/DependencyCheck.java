package io.daisi.ws.observability;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** One dependency's readiness for {@code /ready}: "ok", "down" or "disabled". */
public interface DependencyCheck {
    String name();

    CompletionStage<Status> check();

    /** Why the check that just completed said "down", when it knows (e.g. "stream wa_stream missing"). */
    default Optional<String> reason() {
        return Optional.empty();
    }

    enum Status {
        OK("ok"), DOWN("down"), DISABLED("disabled");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** A check named {@code name} whose status {@code check} computes on each {@code /ready}. */
    static DependencyCheck of(String name, Supplier<CompletionStage<Status>> check) {
        return new DependencyCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<Status> check() {
                return check.get();
            }
        };
    }

    static DependencyCheck disabled(String name) {
        return of(name, () -> CompletableFuture.completedFuture(Status.DISABLED));
    }
}
