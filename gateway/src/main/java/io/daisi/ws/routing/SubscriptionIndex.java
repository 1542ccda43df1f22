package io.daisi.ws.routing;

import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.EventSubject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * This pod's sockets, bucketed by the route key an event resolves to, so an event
 * finds its audience with one map lookup. Bucket creation and removal are atomic
 * per key and reported to a {@link RouteListener} in order, so the route registry
 * sees register/unregister for a key in the order they happened. Joining returns
 * a stage that completes when the bucket's route is registered.
 */
public final class SubscriptionIndex {
    private static final class Bucket {
        private static final VarHandle AUDIENCE;

        static {
            try {
                AUDIENCE = MethodHandles.lookup().findVarHandle(Bucket.class, "audience", LoopAudience.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
        final EventKind kind;
        CompletableFuture<Void> registered;
        // clock millis of the last event handed to this bucket (adaptive TTL); 0 = none yet
        volatile long lastEventMillis;
        /** Bumped after every change of {@link #members}; written only under the map's lock for this key. */
        volatile int version;
        /** {@link #members} grouped by loop, built by the first event after a change; null until then. */
        volatile LoopAudience audience;

        Bucket(EventKind kind, CompletableFuture<Void> registered) {
            this.kind = kind;
            this.registered = registered;
        }

        /** Called under the map's lock for this key, after {@link #members} changed. */
        void changed() {
            version++;
            audience = null; // let go of sockets that left now, not at the next event
        }

        /**
         * The members grouped by loop, as of a version read now: it holds every socket that joined
         * before this call (a join adds, then bumps the version; this reads the version, then the members).
         */
        LoopAudience audience() {
            int current = version;
            LoopAudience cached = audience;
            if (cached != null && cached.version() == current) {
                return cached;
            }
            LoopAudience built = LoopAudience.of(current, members);
            audience = built;
            if (version != current) {
                // a change raced with the build: don't leave an audience that may hold a socket that left
                AUDIENCE.compareAndSet(this, built, null);
            }
            return built;
        }
    }

    /** A route key this pod holds, the kind of events it carries, and when it last carried one. */
    public record HeldRoute(String key, EventKind kind, Optional<Instant> lastEventAt) {
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Subscriber, AdminScope> adminScopes = new ConcurrentHashMap<>();
    private final RouteListener routeListener;
    private final Clock clock;

    /** {@code clock} stamps the last event of each route, which the adaptive TTL compares with its own clock. */
    public SubscriptionIndex(RouteListener routeListener, Clock clock) {
        this.routeListener = routeListener;
        this.clock = clock;
    }

    /** A user socket on {@code /ws/{company}/{agent}}: receives its chats events from now on. */
    public UserMembership joinUser(Subscriber subscriber, String company, String agent) {
        return new UserMembership(subscriber, company, agent, add(RouteKeys.chats(company, agent), EventKind.CHATS, subscriber));
    }

    public AdminMembership joinAdmin(Subscriber subscriber, AdminScope scope) {
        adminScopes.put(subscriber, scope);
        return new AdminMembership(subscriber, add(RouteKeys.ADMIN_AGENTS, EventKind.AGENTS, subscriber));
    }

    /** Calls {@code action} for every local socket that should receive an event of this subject. */
    public int forEachMatching(EventSubject subject, Consumer<Subscriber> action) {
        return forEachLoop(subject, (loop, subscribers) -> {
            for (Subscriber subscriber : subscribers) {
                action.accept(subscriber);
            }
        });
    }

    /**
     * Calls {@code action} once per event loop with the local sockets on it that should receive an
     * event of this subject; returns how many sockets in all. The arrays are shared: never write to
     * them. The grouping is kept until the route's sockets change, so for a user route this costs
     * one step per loop, not one per socket; admin sockets are filtered by their scopes each time.
     */
    public int forEachLoop(EventSubject subject, BiConsumer<Executor, Subscriber[]> action) {
        Bucket bucket = buckets.get(RouteKeys.forSubject(subject));
        if (bucket == null) {
            return 0;
        }
        LoopAudience audience = bucket.audience();
        boolean admins = subject.kind() == EventKind.AGENTS;
        int count = 0;
        for (int i = 0; i < audience.loopCount(); i++) {
            Subscriber[] members = admins ? inScope(audience.members(i), subject) : audience.members(i);
            if (members.length > 0) {
                action.accept(audience.loop(i), members);
                count += members.length;
            }
        }
        if (count > 0) {
            bucket.lastEventMillis = clock.millis();
        }
        return count;
    }

    private Subscriber[] inScope(Subscriber[] members, EventSubject subject) {
        List<Subscriber> matching = new ArrayList<>(members.length);
        for (Subscriber subscriber : members) {
            AdminScope scope = adminScopes.get(subscriber);
            if (scope != null && scope.matches(subject)) {
                matching.add(subscriber);
            }
        }
        return matching.size() == members.length ? members : matching.toArray(Subscriber[]::new);
    }

    /** Every route key this pod currently holds, for the renewal loop. */
    public List<HeldRoute> heldRoutes() {
        List<HeldRoute> held = new ArrayList<>(buckets.size());
        buckets.forEach((key, bucket) -> {
            long last = bucket.lastEventMillis;
            held.add(new HeldRoute(key, bucket.kind,
                    last == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last))));
        });
        return held;
    }

    private CompletionStage<Void> add(String routeKey, EventKind kind, Subscriber subscriber) {
        Bucket bucket = buckets.compute(routeKey, (key, current) -> {
            Bucket b = current;
            if (b == null) {
                b = new Bucket(kind, register(key));
            } else if (b.registered.isCompletedExceptionally()) {
                // A failed registration is retried by the next socket that needs the route.
                b.registered = register(key);
            }
            if (b.members.add(subscriber)) {
                b.changed();
            }
            return b;
        });
        return bucket.registered;
    }

    private CompletableFuture<Void> register(String routeKey) {
        try {
            return routeListener.routeAdded(routeKey).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void remove(String routeKey, Subscriber subscriber) {
        buckets.computeIfPresent(routeKey, (key, bucket) -> {
            if (bucket.members.remove(subscriber)) {
                bucket.changed();
            }
            if (bucket.members.isEmpty()) {
                routeListener.routeRemoved(key);
                return null;
            }
            return bucket;
        });
    }

    /** A user socket's place in the index; its selected chat can change. */
    public final class UserMembership {
        private final Subscriber subscriber;
        private final String company;
        private final String agent;
        private final CompletionStage<Void> joined;
        private volatile Optional<String> selectedChat = Optional.empty();
        private boolean left;

        private UserMembership(Subscriber subscriber, String company, String agent, CompletionStage<Void> joined) {
            this.subscriber = subscriber;
            this.company = company;
            this.agent = agent;
            this.joined = joined;
        }

        /** Completes when the chats route is registered. */
        public CompletionStage<Void> registered() {
            return joined;
        }

        public Optional<String> selectedChat() {
            return selectedChat;
        }

        /**
         * Starts the chat's messages events and stops those of the previously selected
         * chat; the stage completes when the chat's route is registered.
         */
        public synchronized CompletionStage<Void> selectChat(String chatId) {
            if (left) {
                return CompletableFuture.failedFuture(new IllegalStateException("socket has left"));
            }
            Optional<String> previous = selectedChat;
            CompletionStage<Void> registered = add(RouteKeys.messages(company, agent, chatId), EventKind.MESSAGES, subscriber);
            if (previous.isPresent() && !previous.get().equals(chatId)) {
                remove(RouteKeys.messages(company, agent, previous.get()), subscriber);
            }
            selectedChat = Optional.of(chatId);
            return registered;
        }

        public synchronized void leave() {
            if (left) {
                return;
            }
            left = true;
            selectedChat.ifPresent(chat -> remove(RouteKeys.messages(company, agent, chat), subscriber));
            remove(RouteKeys.chats(company, agent), subscriber);
        }
    }

    public final class AdminMembership {
        private final Subscriber subscriber;
        private final CompletionStage<Void> joined;
        private boolean left;

        private AdminMembership(Subscriber subscriber, CompletionStage<Void> joined) {
            this.subscriber = subscriber;
            this.joined = joined;
        }

        public CompletionStage<Void> registered() {
            return joined;
        }

        public synchronized void leave() {
            if (left) {
                return;
            }
            left = true;
            remove(RouteKeys.ADMIN_AGENTS, subscriber);
            adminScopes.remove(subscriber);
        }
    }
}
