package io.daisi.ws.bench.jmh;

import io.daisi.ws.auth.Authenticator;
import io.daisi.ws.auth.TokenCodec;
import io.daisi.ws.auth.TokenIssuer;
import io.daisi.ws.auth.TokenKey;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.protocol.ServerFrames;
import io.daisi.ws.routing.RouteListener;
import io.daisi.ws.routing.SubscriptionIndex;
import io.daisi.ws.store.memory.InMemoryTokenCache;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's per-handshake and per-event hot paths, on its own classes:
 * <ul>
 *   <li>{@code tokenOpen}: AES-GCM decrypt of a user token (every handshake without a cache hit);</li>
 *   <li>{@code authenticateUser}: all a handshake's token costs on the pod: decrypt, read and check the
 *       claims, and the cache entry written for other pods (here the standalone in-memory cache);</li>
 *   <li>{@code eventFrame}: the {@code {"type":"event","seq":N,"payload":...}} frame of a 512-byte event,
 *       built once per event and shared by its sockets;</li>
 *   <li>{@code matchChats}: finding the sockets of a {@code chats} event among {@code sockets} sockets
 *       on 100 company/agent pairs.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPaths {
    private static final String KEY = "483bde4aef784553aba0a7c621efe965932cb70d49184caac05fb0c5d30113c5";

    @Param({"10000"})
    public int sockets;

    private TokenCodec codec;
    private Authenticator authenticator;
    private String token;
    private byte[] payload;
    private SubscriptionIndex index;
    private EventSubject chats;
    private final LongAdder delivered = new LongAdder();

    @Setup
    public void setUp() {
        codec = new TokenCodec(TokenKey.fromHex(KEY));
        token = new TokenIssuer(codec, codec, Clock.systemUTC()).issueUser("company-1", "agent-1", "user-1",
                Duration.ofHours(1));
        authenticator = new Authenticator(codec, codec, new InMemoryTokenCache(), Clock.systemUTC(),
                () -> Duration.ofMinutes(5), () -> Duration.ofMinutes(5));
        StringBuilder json = new StringBuilder("{\"event_id\":\"e-1\",\"company_id\":\"c1\",\"agent_id\":\"a1\","
                + "\"row_data\":{\"i\":1,\"sent_at_us\":1,\"pad\":\"");
        while (json.length() < 500) {
            json.append('x');
        }
        payload = json.append("\"}}").toString().getBytes(StandardCharsets.UTF_8);
        index = new SubscriptionIndex(RouteListener.NONE, Clock.systemUTC());
        for (int i = 0; i < sockets; i++) {
            index.joinUser(event -> delivered.increment(), "c" + (i % 100), "a" + (i % 100));
        }
        chats = EventSubject.chats("c7", "a7");
    }

    @Benchmark
    public Object tokenOpen() {
        return codec.tryOpen(token);
    }

    @Benchmark
    public Object authenticateUser() {
        return authenticator.authenticateUser(token);
    }

    @Benchmark
    public byte[] eventFrame() {
        return ServerFrames.event(123_456_789L, payload);
    }

    @Benchmark
    public int matchChats(Blackhole hole) {
        return index.forEachMatching(chats, hole::consume);
    }

    @Benchmark
    public byte[] eventFrameViaEvent() {
        return new Event(chats, 42, payload, "e-1", "r", 0).frame();
    }
}
