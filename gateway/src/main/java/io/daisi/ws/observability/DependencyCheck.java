package io.daisi.ws.observability;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

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

    static DependencyCheck disabled(String name) {
        return new DependencyCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<Status> check() {
                return java.util.concurrent.CompletableFuture.completedFuture(Status.DISABLED);
            }
        };
    }
}
