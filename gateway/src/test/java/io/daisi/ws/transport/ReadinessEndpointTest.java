package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.observability.DependencyCheck;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ReadinessEndpointTest {

    @Test
    void aDownCheckThatKnowsWhySaysSoInTheBody() {
        FullHttpResponse response = ready(List.of(check("nats", DependencyCheck.Status.DOWN,
                "stream wa_stream missing"), DependencyCheck.disabled("redis")));

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"not_ready\","
                + "\"checks\":{\"nats\":\"down\",\"redis\":\"disabled\"},\"reasons\":{\"nats\":\"stream wa_stream missing\"}}");
        response.release();
    }

    @Test
    void noReasonsWhenNothingIsDown() {
        FullHttpResponse response = ready(List.of(check("nats", DependencyCheck.Status.OK, "stale reason")));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":\"ready\",\"checks\":{\"nats\":\"ok\"}}");
        response.release();
    }

    private static FullHttpResponse ready(List<DependencyCheck> checks) {
        ReadinessEndpoint endpoint = new ReadinessEndpoint(checks, () -> false);
        EmbeddedChannel channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                endpoint.respond(ctx, request);
            }
        });
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ready"));
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();
        channel.finishAndReleaseAll();
        return response;
    }

    private static DependencyCheck check(String name, DependencyCheck.Status status, String reason) {
        return new FixedCheck(name, status, Optional.of(reason));
    }

    /** The record's accessors are the check's name() and reason(). */
    private record FixedCheck(String name, Status status, Optional<String> reason) implements DependencyCheck {
        @Override
        public CompletionStage<Status> check() {
            return CompletableFuture.completedFuture(status);
        }
    }
}
