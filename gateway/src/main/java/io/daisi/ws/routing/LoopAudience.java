package io.daisi.ws.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The sockets of one route key grouped by the event loop they live on, as of one version of the
 * route's membership. Built once per membership change and shared by every event until the next
 * change, so handing an event to a thousand sockets on two loops costs two steps on the thread
 * that took it, not a thousand. Never modified once built; its arrays must not be written to.
 */
final class LoopAudience {
    private final int version;
    private final Executor[] loops;
    private final Subscriber[][] members;

    private LoopAudience(int version, Executor[] loops, Subscriber[][] members) {
        this.version = version;
        this.loops = loops;
        this.members = members;
    }

    /** {@code subscribers} grouped by {@link Subscriber#loop()}, loops in order of first appearance. */
    static LoopAudience of(int version, Collection<Subscriber> subscribers) {
        Map<Executor, List<Subscriber>> byLoop = new IdentityHashMap<>(8);
        List<Executor> order = new ArrayList<>(4);
        for (Subscriber subscriber : subscribers) {
            Executor loop = subscriber.loop();
            List<Subscriber> group = byLoop.get(loop);
            if (group == null) {
                group = new ArrayList<>();
                byLoop.put(loop, group);
                order.add(loop);
            }
            group.add(subscriber);
        }
        Executor[] loops = order.toArray(Executor[]::new);
        Subscriber[][] members = new Subscriber[loops.length][];
        for (int i = 0; i < loops.length; i++) {
            members[i] = byLoop.get(loops[i]).toArray(Subscriber[]::new);
        }
        return new LoopAudience(version, loops, members);
    }

    /** The membership version it was built from. */
    int version() {
        return version;
    }

    int loopCount() {
        return loops.length;
    }

    Executor loop(int i) {
        return loops[i];
    }

    /** The sockets of loop {@code i}; shared: never write to it. */
    Subscriber[] members(int i) {
        return members[i];
    }
}
