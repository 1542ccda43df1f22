package io.daisi.ws.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.IOException;
import java.util.Map;

/**
 * JSON objects to {@code google.protobuf.Struct} and back. Struct numbers are doubles, so
 * an integral value is written back as an integer ({@code 5}, not {@code 5.0}) as long as a
 * double holds it exactly; beyond 2^53 or with a fraction it is written as the double it is.
 * Key order is kept: protobuf-java keeps a map's insertion order when it serializes and parses.
 */
final class StructJson {
    /** 2^53: every integer up to this magnitude survives the trip through a double. */
    private static final double MAX_EXACT_INTEGER = 9_007_199_254_740_992d;

    private StructJson() {
    }

    /** @throws IllegalArgumentException if {@code object} is not a JSON object */
    static Struct toStruct(JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + object.getNodeType());
        }
        Struct.Builder struct = Struct.newBuilder();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            struct.putFields(field.getKey(), toValue(field.getValue()));
        }
        return struct.build();
    }

    private static Value toValue(JsonNode node) {
        Value.Builder value = Value.newBuilder();
        switch (node.getNodeType()) {
            case OBJECT -> value.setStructValue(toStruct(node));
            case ARRAY -> {
                ListValue.Builder list = ListValue.newBuilder();
                node.forEach(element -> list.addValues(toValue(element)));
                value.setListValue(list);
            }
            case STRING -> value.setStringValue(node.textValue());
            case NUMBER -> value.setNumberValue(node.doubleValue());
            case BOOLEAN -> value.setBoolValue(node.booleanValue());
            case NULL, MISSING -> value.setNullValue(NullValue.NULL_VALUE);
            case BINARY, POJO -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
        return value.build();
    }

    /** @throws IllegalArgumentException if the struct holds a number JSON cannot represent (NaN, infinity) */
    static void write(JsonGenerator gen, Struct struct) throws IOException {
        gen.writeStartObject();
        for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
            gen.writeFieldName(field.getKey());
            write(gen, field.getValue());
        }
        gen.writeEndObject();
    }

    private static void write(JsonGenerator gen, Value value) throws IOException {
        switch (value.getKindCase()) {
            case STRUCT_VALUE -> write(gen, value.getStructValue());
            case LIST_VALUE -> {
                gen.writeStartArray();
                for (Value element : value.getListValue().getValuesList()) {
                    write(gen, element);
                }
                gen.writeEndArray();
            }
            case STRING_VALUE -> gen.writeString(value.getStringValue());
            case NUMBER_VALUE -> writeNumber(gen, value.getNumberValue());
            case BOOL_VALUE -> gen.writeBoolean(value.getBoolValue());
            // an unset Value is what a sender's nil becomes
            case NULL_VALUE, KIND_NOT_SET -> gen.writeNull();
        }
    }

    private static void writeNumber(JsonGenerator gen, double number) throws IOException {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("row_data holds a number JSON cannot represent: " + number);
        }
        if (number == Math.rint(number) && Math.abs(number) <= MAX_EXACT_INTEGER) {
            gen.writeNumber((long) number);
        } else {
            gen.writeNumber(number);
        }
    }
}
