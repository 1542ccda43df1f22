package io.daisi.ws.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions this pod holds, by lock key. A newer local connection replaces
 * (and closes) an older one of the same session; a kill notice from another pod
 * closes the local holder. Only the current holder's departure releases the lock,
 * because an older replaced socket shares this pod's lock value with its successor.
 */
public final class LocalSessions {
    private static final Logger log = LoggerFactory.getLogger(LocalSessions.class);

    /** A session this pod holds, the socket holding it, and the fence it was admitted with. */
    /**
     * A session this pod holds. The key's parts, not a {@link SessionKey}: every open socket has one
     * of these for as long as it is open.
     */
    public record Held(String lockKey, UserType type, SessionHolder holder, long fence) {
    }

    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    private final SessionLock lock;
    private final String podId;

    public LocalSessions(SessionLock lock, String podId) {
        this.lock = lock;
        this.podId = podId;
    }

    /**
     * Call after admission, with the admission's fence; closes the previous local holder of the
     * same session, if any. Should a newer local connection (a higher fence) have registered
     * first, this one is the stale one and is closed instead. Fence 0 (admitted degraded) counts
     * as newest, as every registration did before fences.
     */
    public void register(SessionKey key, SessionHolder holder, long fence) {
        Held registering = new Held(key.lockKey(), key.type(), holder, fence);
        Held[] closed = {null};
        held.compute(key.lockKey(), (k, current) -> {
            if (current == null || current.holder() == holder) {
                return registering;
            }
            // a connection admitted without a fence (degraded, store down) is simply the newest
            if (fence > 0 && current.fence() > fence) {
                closed[0] = registering;
                return current;
            }
            closed[0] = current;
            return registering;
        });
        if (closed[0] != null) {
            closed[0].holder().sessionTakenOver();
        }
    }

    /** Call when a socket closes; releases the lock if this holder still held the session. */
    public CompletionStage<Boolean> unregister(SessionKey key, SessionHolder holder) {
        boolean[] removed = {false};
        held.computeIfPresent(key.lockKey(), (k, current) -> {
            if (current.holder() == holder) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        if (!removed[0]) {
            return CompletableFuture.completedFuture(false);
        }
        return lock.release(key.lockKey(), podId).exceptionally(failure -> false);
    }

    /** An admitted connection never became a socket: give the lock back unless a local socket holds the session. */
    public CompletionStage<Boolean> releaseIfNotHeld(SessionKey key) {
        if (held.containsKey(key.lockKey())) {
            return CompletableFuture.completedFuture(false);
        }
        return lock.release(key.lockKey(), podId).exceptionally(failure -> false);
    }

    /**
     * A kill notice from the kill switch: closes the local holder unless it was admitted after the
     * connection the notice announces (a late or repeated notice). Notices this pod sent are
     * handled by {@link #register}.
     */
    public void onKill(KillNotice notice) {
        if (podId.equals(notice.newPodId())) {
            return;
        }
        Held[] closed = {null};
        Held[] kept = {null};
        held.computeIfPresent(notice.lockKey(), (k, current) -> {
            if (notice.supersedes(current.fence())) {
                closed[0] = current;
                return null;
            }
            kept[0] = current;
            return current;
        });
        if (closed[0] != null) {
            closed[0].holder().sessionTakenOver();
        } else if (kept[0] != null) {
            log.info("ignoring a late or repeated kill notice: the session is held here by a newer connection "
                    + "(fence {} <= {})", notice.fence().orElse(0), kept[0].fence());
        }
    }

    /** The session was found owned by another pod (e.g. by the renewal loop): close the local holder. */
    public void takeOver(String lockKey) {
        Held removed = held.remove(lockKey);
        if (removed != null) {
            removed.holder().sessionTakenOver();
        }
    }

    /** A snapshot of every held session, for the renewal loop. */
    /** As {@link #takeOver(String)}, but only while {@code holder} is still the one holding it. */
    public void takeOver(String lockKey, SessionHolder holder) {
        Held current = held.get(lockKey);
        if (current != null && current.holder() == holder && held.remove(lockKey, current)) {
            holder.sessionTakenOver();
        }
    }

    public List<Held> held() {
        return List.copyOf(held.values());
    }

    public int size() {
        return held.size();
    }
}
