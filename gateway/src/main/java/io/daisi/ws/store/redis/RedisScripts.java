package io.daisi.ws.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts the adapters run, each atomic on the Redis side. They are invoked by SHA1 with
 * EVALSHA, and by source with EVAL when Redis answers NOSCRIPT (it restarted or failed over and
 * lost its script cache); EVAL caches the script again, so the fallback costs one extra round trip
 * per command after such an event, not more.
 */
final class RedisScripts {

    /** Deletes the key only if it holds ARGV[1]; 1 when deleted. */
    static final Script COMPARE_AND_DELETE = new Script(
            "if redis.call('GET',KEYS[1])==ARGV[1] then return redis.call('DEL',KEYS[1]) else return 0 end");

    /** Sets the key's expiry to ARGV[2] seconds only if it holds ARGV[1]; 1 when set. */
    static final Script COMPARE_AND_EXPIRE = new Script(
            "if redis.call('GET',KEYS[1])==ARGV[1] then return redis.call('EXPIRE',KEYS[1],ARGV[2]) else return 0 end");

    /**
     * SADD of ARGV[1] and EXPIRE of ARGV[2] seconds as one: sent as two commands, a connection lost
     * between them would leave a set that never expires.
     */
    static final Script ADD_AND_EXPIRE = new Script(
            "redis.call('SADD',KEYS[1],ARGV[1]) return redis.call('EXPIRE',KEYS[1],ARGV[2])");

    /**
     * The next session fence: the counter plus one, but at least the Redis server's clock in
     * microseconds, so that fences keep growing after Redis restarted empty (a counter restarting
     * at 1 would make every new connection look older than the sockets already open).
     */
    static final Script NEXT_FENCE = new Script(
            "local t=redis.call('TIME') local now=tonumber(t[1])*1000000+tonumber(t[2]) "
                    + "local last=tonumber(redis.call('GET',KEYS[1]) or '0') "
                    + "if now>last then return redis.call('INCRBY',KEYS[1],now-last) end "
                    + "return redis.call('INCR',KEYS[1])");

    private RedisScripts() {
    }

    /** A script and its SHA1, which is what EVALSHA names it by. */
    record Script(String source, String sha1) {
        Script(String source) {
            this(source, sha1Hex(source));
        }

        /** Runs the script on one key; its integer reply. */
        CompletionStage<Long> run(RedisConnector redis, String key, String... args) {
            String[] keys = {key};
            return redis.<Long>call(r -> r.evalsha(sha1, ScriptOutputType.INTEGER, keys, args))
                    .exceptionallyCompose(failure -> RedisFailures.unwrap(failure) instanceof RedisNoScriptException
                            ? redis.<Long>call(r -> r.eval(source, ScriptOutputType.INTEGER, keys, args))
                            : CompletableFuture.failedFuture(failure));
        }

        private static String sha1Hex(String source) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-1");
                return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
    }
}
