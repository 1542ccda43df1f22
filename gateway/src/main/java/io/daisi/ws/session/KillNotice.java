package io.daisi.ws.session;

import java.util.OptionalLong;

/**
 * A kill-switch message: the session of {@code lockKey} now belongs to a connection on
 * {@code newPodId}, admitted with {@code fence}. Fences are admission numbers that only grow
 * ({@link KillSwitch#nextFence()}), so a notice can be told apart from one that is late or
 * repeated: it supersedes only holders admitted before the connection it announces. A
 * reference (Go) pod sends no fence.
 */
public record KillNotice(String lockKey, String newPodId, OptionalLong fence) {

    /** A notice without a fence, as a reference pod sends it. */
    public KillNotice(String lockKey, String newPodId) {
        this(lockKey, newPodId, OptionalLong.empty());
    }

    public KillNotice(String lockKey, String newPodId, long fence) {
        this(lockKey, newPodId, OptionalLong.of(fence));
    }

    /**
     * Whether this notice may close a local holder admitted with {@code holderFence}: a fenced
     * notice only when its connection is newer; one without a fence (a reference pod's) as the
     * reference did. It is handled as it arrives, so it only ever meets holders registered before.
     */
    public boolean supersedes(long holderFence) {
        return fence.isEmpty() || fence.getAsLong() > holderFence;
    }
}
