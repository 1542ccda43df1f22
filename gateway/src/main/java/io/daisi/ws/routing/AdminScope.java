package io.daisi.ws.routing;

import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.EventSubject;
import java.util.Optional;

/**
 * Which {@code agents} events an admin socket receives: a company (the token's
 * subscribed company, else its restriction) and optionally an agent. Empty = all.
 */
public record AdminScope(Optional<String> company, Optional<String> agent) {

    public boolean matches(EventSubject subject) {
        return subject.kind() == EventKind.AGENTS
                && company.map(subject.company()::equals).orElse(true)
                && agent.map(subject.agent()::equals).orElse(true);
    }
}
