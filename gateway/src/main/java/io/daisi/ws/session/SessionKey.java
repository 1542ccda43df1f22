package io.daisi.ws.session;

/**
 * A session's lock key and kill channel, named as the reference names them:
 * {@code session:{c}:{a}:{u}} / {@code session_kill:{c}:{a}:{u}} for users,
 * {@code session:admin:{id}} / {@code session_kill:admin:{id}} for admins.
 */
public record SessionKey(String lockKey, String killChannel, UserType type) {
    public static final String LOCK_PREFIX = "session:";
    public static final String KILL_PREFIX = "session_kill:";
    public static final String KILL_PATTERN = KILL_PREFIX + "*";

    public static SessionKey forUser(String company, String agent, String user) {
        String suffix = company + ":" + agent + ":" + user;
        return new SessionKey(LOCK_PREFIX + suffix, KILL_PREFIX + suffix, UserType.USER);
    }

    public static SessionKey forAdmin(String adminId) {
        String suffix = "admin:" + adminId;
        return new SessionKey(LOCK_PREFIX + suffix, KILL_PREFIX + suffix, UserType.ADMIN);
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
