package io.daisi.ws;

import io.daisi.ws.auth.TokenCache;
import io.daisi.ws.routing.RouteRegistry;
import io.daisi.ws.session.KillSwitch;
import io.daisi.ws.session.SessionLock;
import io.daisi.ws.store.memory.InMemoryKillSwitch;
import io.daisi.ws.store.memory.InMemoryRouteRegistry;
import io.daisi.ws.store.memory.InMemorySessionLock;
import io.daisi.ws.store.memory.InMemoryTokenCache;
import java.time.Clock;

/** The store adapters behind the ports; chosen by mode, replaceable in tests. */
public record Adapters(TokenCache tokenCache, SessionLock sessionLock, KillSwitch killSwitch,
                       RouteRegistry routeRegistry) {

    /** Standalone mode: everything in this process. */
    public static Adapters inMemory(String podId, Clock clock) {
        return new Adapters(new InMemoryTokenCache(), new InMemorySessionLock(clock), new InMemoryKillSwitch(),
                new InMemoryRouteRegistry(podId));
    }

    public Adapters withSessionLock(SessionLock lock) {
        return new Adapters(tokenCache, lock, killSwitch, routeRegistry);
    }

    public Adapters withRouteRegistry(RouteRegistry registry) {
        return new Adapters(tokenCache, sessionLock, killSwitch, registry);
    }
}
