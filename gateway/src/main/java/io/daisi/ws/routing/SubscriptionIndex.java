package io.daisi.ws.routing;

import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.EventSubject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This pod's sockets, bucketed by the route key an event resolves to, so an event
 * finds its audience with one map lookup. Bucket creation and removal are atomic
 * per key and reported to a {@link RouteListener} in order, so the route registry
 * sees register/unregister for a key in the order they happened.
 */
public final class SubscriptionIndex {
    private final ConcurrentHashMap<String, Set<Subscriber>> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Subscriber, AdminScope> adminScopes = new ConcurrentHashMap<>();
    private final RouteListener routeListener;

    public SubscriptionIndex(RouteListener routeListener) {
        this.routeListener = routeListener;
    }

    /** A user socket on {@code /ws/{company}/{agent}}: receives its chats events at once. */
    public UserMembership joinUser(Subscriber subscriber, String company, String agent) {
        UserMembership membership = new UserMembership(subscriber, company, agent);
        add(RouteKeys.chats(company, agent), subscriber);
        return membership;
    }

    public AdminMembership joinAdmin(Subscriber subscriber, AdminScope scope) {
        adminScopes.put(subscriber, scope);
        add(RouteKeys.ADMIN_AGENTS, subscriber);
        return new AdminMembership(subscriber);
    }

    /** Calls {@code action} for every local socket that should receive an event of this subject. */
    public int forEachMatching(EventSubject subject, Consumer<Subscriber> action) {
        Set<Subscriber> bucket = buckets.get(RouteKeys.forSubject(subject));
        if (bucket == null) {
            return 0;
        }
        int count = 0;
        boolean admins = subject.kind() == EventKind.AGENTS;
        for (Subscriber subscriber : bucket) {
            if (admins) {
                AdminScope scope = adminScopes.get(subscriber);
                if (scope == null || !scope.matches(subject)) {
                    continue;
                }
            }
            action.accept(subscriber);
            count++;
        }
        return count;
    }

    /** Every route key this pod currently holds, for the renewal loop. */
    public Set<String> routeKeys() {
        return Set.copyOf(buckets.keySet());
    }

    public boolean holds(String routeKey) {
        return buckets.containsKey(routeKey);
    }

    public int subscriberCount(String routeKey) {
        Set<Subscriber> bucket = buckets.get(routeKey);
        return bucket == null ? 0 : bucket.size();
    }

    private void add(String routeKey, Subscriber subscriber) {
        buckets.compute(routeKey, (key, bucket) -> {
            Set<Subscriber> set = bucket;
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                routeListener.routeAdded(key);
            }
            set.add(subscriber);
            return set;
        });
    }

    private void remove(String routeKey, Subscriber subscriber) {
        buckets.computeIfPresent(routeKey, (key, set) -> {
            set.remove(subscriber);
            if (set.isEmpty()) {
                routeListener.routeRemoved(key);
                return null;
            }
            return set;
        });
    }

    /** A user socket's place in the index; its selected chat can change. Not thread-safe per membership. */
    public final class UserMembership {
        private final Subscriber subscriber;
        private final String company;
        private final String agent;
        private Optional<String> selectedChat = Optional.empty();
        private boolean left;

        private UserMembership(Subscriber subscriber, String company, String agent) {
            this.subscriber = subscriber;
            this.company = company;
            this.agent = agent;
        }

        public Optional<String> selectedChat() {
            return selectedChat;
        }

        /** Starts the chat's messages events and stops those of the previously selected chat. */
        public synchronized void selectChat(String chatId) {
            if (left || selectedChat.equals(Optional.of(chatId))) {
                return;
            }
            add(RouteKeys.messages(company, agent, chatId), subscriber);
            selectedChat.ifPresent(previous -> remove(RouteKeys.messages(company, agent, previous), subscriber));
            selectedChat = Optional.of(chatId);
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
        private boolean left;

        private AdminMembership(Subscriber subscriber) {
            this.subscriber = subscriber;
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

    /** Exposed for tests and metrics. */
    Map<String, Set<Subscriber>> bucketsView() {
        return buckets;
    }
}
