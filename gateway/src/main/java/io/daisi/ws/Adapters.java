package io.daisi.ws;

import io.daisi.ws.auth.TokenCache;
import io.daisi.ws.renewal.ActivityMarks;
import io.daisi.ws.routing.PodDirectory;
import io.daisi.ws.routing.RouteRegistry;
import io.daisi.ws.session.KillSwitch;
import io.daisi.ws.session.SessionLock;
import io.daisi.ws.store.memory.InMemoryActivityMarks;
import io.daisi.ws.store.memory.InMemoryKillSwitch;
import io.daisi.ws.store.memory.InMemoryPodDirectory;
import io.daisi.ws.store.memory.InMemoryRouteRegistry;
import io.daisi.ws.store.memory.InMemorySessionLock;
import io.daisi.ws.store.memory.InMemoryTokenCache;
import io.daisi.ws.store.redis.RedisActivity;
import io.daisi.ws.store.redis.RedisConnector;
import io.daisi.ws.store.redis.RedisKillSwitch;
import io.daisi.ws.store.redis.RedisPodHeartbeat;
import io.daisi.ws.store.redis.RedisRouteRegistry;
import io.daisi.ws.store.redis.RedisSessionLock;
import io.daisi.ws.store.redis.RedisTokenCache;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** The store adapters behind the ports; chosen by mode, replaceable in tests. */
public record Adapters(TokenCache tokenCache, SessionLock sessionLock, KillSwitch killSwitch,
                       RouteRegistry routeRegistry, ActivityMarks activityMarks, PodDirectory podDirectory) {

    /** Standalone mode: everything in this process. */
    public static Adapters inMemory(String podId, Clock clock) {
        return new Adapters(new InMemoryTokenCache(), new InMemorySessionLock(clock), new InMemoryKillSwitch(),
                new InMemoryRouteRegistry(podId), new InMemoryActivityMarks(clock), new InMemoryPodDirectory(clock));
    }

    /** Cluster mode: everything in the Redis shared by all pods. */
    public static Adapters redis(RedisConnector redis, String podId, Supplier<Duration> routeTtl) {
        return new Adapters(new RedisTokenCache(redis), new RedisSessionLock(redis), new RedisKillSwitch(redis),
                new RedisRouteRegistry(redis, podId, routeTtl), new RedisActivity(redis), new RedisPodHeartbeat(redis));
    }

    public Adapters withSessionLock(SessionLock lock) {
        return new Adapters(tokenCache, lock, killSwitch, routeRegistry, activityMarks, podDirectory);
    }

    public Adapters withRouteRegistry(RouteRegistry registry) {
        return new Adapters(tokenCache, sessionLock, killSwitch, registry, activityMarks, podDirectory);
    }
}
