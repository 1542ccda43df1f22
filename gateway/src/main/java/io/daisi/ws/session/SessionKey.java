package io.daisi.ws.session;

/**
 * A session's lock key and kill channel, named as the reference names them:
 * {@code session:{c}:{a}:{u}} / {@code session_kill:{c}:{a}:{u}} for users,
 * {@code session:admin:{id}} / {@code session_kill:admin:{id}} for admins.
 */
public record SessionKey(String lockKey, UserType type) {
    public static final String LOCK_PREFIX = "session:";
    public static final String KILL_PREFIX = "session_kill:";
    public static final String KILL_PATTERN = KILL_PREFIX + "*";

    public static SessionKey forUser(String company, String agent, String user) {
        return new SessionKey(LOCK_PREFIX + company + ":" + agent + ":" + user, UserType.USER);
    }

    public static SessionKey forAdmin(String adminId) {
        return new SessionKey(LOCK_PREFIX + "admin:" + adminId, UserType.ADMIN);
    }

    /**
     * The channel kill notices for this session go to; made when asked (a notice is rare), as
     * every open socket holds its key.
     */
    public String killChannel() {
        return KILL_PREFIX + lockKey.substring(LOCK_PREFIX.length());
    }

    /** The lock key a kill channel speaks for. */
    public static String lockKeyOfKillChannel(String channel) {
        return channel.startsWith(KILL_PREFIX) ? LOCK_PREFIX + channel.substring(KILL_PREFIX.length()) : channel;
    }

    /** The activity key adaptive TTL reads (SPEC §5). */
    public String lastActiveKey() {
        return lockKey + ":last_active";
    }
}
