package io.daisi.ws.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.config.LiveConfig;
import io.daisi.ws.events.EventParser;
import io.daisi.ws.events.EventPublisher;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.observability.RequestIds;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.protocol.Json;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /dev/events} (admin API key): publish a test event, answering
 * {@code 202 {"seq": n}}. Development only: present in standalone mode, and in
 * cluster mode with {@code app.dev_endpoints: true}.
 */
final class DevEventsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(DevEventsEndpoint.class);

    private final LiveConfig config;
    private final EventPublisher publisher;

    DevEventsEndpoint(LiveConfig config, EventPublisher publisher) {
        this.config = config;
        this.publisher = publisher;
    }

    /** {@code GET /dev/demo-settings}, which exists exactly where this endpoint does. */
    DemoSettingsEndpoint demoSettings() {
        return new DemoSettingsEndpoint(config);
    }

    void publish(ChannelHandlerContext ctx, FullHttpRequest request) {
        Optional<ErrorBody> refusal = ApiKeys.adminKeyRefusal(config.current().auth().adminSecretToken(), request);
        if (refusal.isPresent()) {
            HttpResponses.error(ctx, request, refusal.get());
            return;
        }
        EventSubject subject;
        byte[] event;
        try {
            JsonNode body = JsonBodies.object(ByteBufUtil.getBytes(request.content()));
            String prefix = config.current().nats().subjectPrefix();
            String subjectText = JsonBodies.requiredString(body, "subject");
            subject = EventSubject.parse(prefix, subjectText).orElseThrow(() -> new JsonBodies.BadBody(
                    "subject must be " + prefix + ".<company>.<agent>.<chats|agents|messages.<chat_id>>"));
            JsonNode eventNode = body.get("event");
            if (eventNode == null) {
                throw new JsonBodies.BadBody("event is required");
            }
            event = Json.mapper().writeValueAsBytes(eventNode);
            if (EventParser.check(event) instanceof EventParser.Invalid invalid) {
                throw new JsonBodies.BadBody(invalid.reason());
            }
        } catch (JsonBodies.BadBody e) {
            HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid event", e.getMessage()));
            return;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid event"));
            return;
        }
        String requestId = RequestIds.orGenerate(request.headers().get("X-Request-ID"));
        request.retain();
        publisher.publish(subject, event, requestId).whenComplete((seq, failure) -> ctx.executor().execute(() -> {
            if (failure != null) {
                log.warn("test event could not be published: {}", failure.toString());
                HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.SERVICE_UNAVAILABLE,
                        "Event could not be published", failure.getMessage()));
            } else {
                HttpResponses.json(ctx, request, 202, Map.of("seq", seq));
            }
            request.release();
        }));
    }
}
