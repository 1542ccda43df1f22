package io.daisi.ws.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.cluster.proto.EnrichedEventPayloadMessage;
import io.daisi.ws.cluster.proto.PushEventRequest;
import io.daisi.ws.events.DeliveryPath;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.protocol.Json;
import io.daisi.ws.protocol.SubjectTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@link Event} to {@link PushEventRequest} and back. The proto carries the event's known
 * fields only (SPEC §6), so the rebuilt JSON has those keys, in the reference's order
 * (event_id, event_time, company_id, agent_id, message_id, chat_id, row_data), without the
 * ones that were empty; other top-level keys of the original JSON do not cross pods.
 */
public final class PushEventCodec {
    private static final int MAX_ECHOED_CHARS = 64;

    private PushEventCodec() {
    }

    /** What a received request decodes to. */
    public sealed interface Decoded {
    }

    public record Valid(Event event) implements Decoded {
    }

    public record Invalid(String reason) implements Decoded {
    }

    /**
     * The request forwarding {@code event} from pod {@code sourcePodId}.
     *
     * @throws IllegalArgumentException if the event's JSON is not an event object
     */
    public static PushEventRequest encode(Event event, String sourcePodId) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(event.payloadJson());
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + event.eventId() + " is not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("event " + event.eventId() + " is not a JSON object");
        }
        EnrichedEventPayloadMessage.Builder payload = EnrichedEventPayloadMessage.newBuilder()
                .setEventId(text(root, "event_id"))
                .setEventTime(text(root, "event_time"))
                .setCompanyId(text(root, "company_id"))
                .setAgentId(text(root, "agent_id"))
                .setMessageId(text(root, "message_id"))
                .setChatId(text(root, "chat_id"));
        JsonNode rowData = root.get("row_data");
        if (rowData != null && !rowData.isNull()) {
            payload.setRowData(StructJson.toStruct(rowData));
        }
        EventSubject subject = event.subject();
        return PushEventRequest.newBuilder()
                .setPayload(payload)
                .setTargetCompanyId(subject.company())
                .setTargetAgentId(subject.agent())
                .setTargetChatId(subject.chatId().orElse(""))
                .setSourcePodId(sourcePodId)
                .setEventKind(subject.kind().wireName())
                .setStreamSeq(Math.max(0, event.seq()))
                .build();
    }

    /** The event a request carries, as received at {@code receivedAtNanos}; never throws. */
    public static Decoded decode(PushEventRequest request, String requestId, long receivedAtNanos) {
        try {
            EventSubject subject = subject(request);
            if (!request.hasPayload() || request.getPayload().getEventId().isEmpty()) {
                return new Invalid("payload.event_id is missing");
            }
            EnrichedEventPayloadMessage payload = request.getPayload();
            // uint64 above Long.MAX_VALUE reads as negative: no usable sequence
            long seq = Math.max(0, request.getStreamSeq());
            return new Valid(new Event(subject, seq, json(payload), payload.getEventId(), requestId,
                    receivedAtNanos, DeliveryPath.FORWARDED));
        } catch (IllegalArgumentException e) {
            return new Invalid(e.getMessage());
        }
    }

    private static EventSubject subject(PushEventRequest request) {
        // a reference pod sends no kind: its forwards are always a chat's messages
        String kindName = request.getEventKind().isEmpty() ? EventKind.MESSAGES.wireName() : request.getEventKind();
        return subject(kindName, request.getTargetCompanyId(), request.getTargetAgentId(), request.getTargetChatId());
    }

    /**
     * The subject a forward targets, from its wire fields; shared by {@code PushEvent} and {@code PushEvents}.
     *
     * @throws IllegalArgumentException if the kind is unknown or a needed token is missing or invalid
     */
    static EventSubject subject(String kindName, String company, String agent, String chatId) {
        EventKind kind = EventKind.fromWireName(kindName).orElseThrow(
                () -> new IllegalArgumentException("unknown event_kind \"" + echo(kindName) + "\""));
        String c = token("target_company_id", company);
        String a = token("target_agent_id", agent);
        return switch (kind) {
            case CHATS -> EventSubject.chats(c, a);
            case AGENTS -> EventSubject.agents(c, a);
            case MESSAGES -> EventSubject.messages(c, a, token("target_chat_id", chatId));
        };
    }

    private static String token(String field, String value) {
        if (!SubjectTokens.isValidToken(value)) {
            throw new IllegalArgumentException(value.isEmpty()
                    ? field + " is missing"
                    : field + " \"" + echo(value) + "\" is not a valid subject token");
        }
        return value;
    }

    private static byte[] json(EnrichedEventPayloadMessage payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = Json.mapper().getFactory().createGenerator(out)) {
            gen.writeStartObject();
            writeIfPresent(gen, "event_id", payload.getEventId());
            writeIfPresent(gen, "event_time", payload.getEventTime());
            writeIfPresent(gen, "company_id", payload.getCompanyId());
            writeIfPresent(gen, "agent_id", payload.getAgentId());
            writeIfPresent(gen, "message_id", payload.getMessageId());
            writeIfPresent(gen, "chat_id", payload.getChatId());
            if (payload.hasRowData()) {
                gen.writeFieldName("row_data");
                StructJson.write(gen, payload.getRowData());
            }
            gen.writeEndObject();
        } catch (IOException e) {
            // writing to memory: only a generator bug gets here
            throw new IllegalArgumentException("cannot write the event JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void writeIfPresent(JsonGenerator gen, String key, String value) throws IOException {
        if (!value.isEmpty()) {
            gen.writeStringField(key, value);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return node.textValue();
    }

    private static String echo(String untrusted) {
        return untrusted.length() <= MAX_ECHOED_CHARS ? untrusted : untrusted.substring(0, MAX_ECHOED_CHARS) + "...";
    }
}
