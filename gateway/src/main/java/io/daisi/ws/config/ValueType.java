package io.daisi.ws.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * The kinds of leaf value a config key can hold, and how a raw value from YAML or from an
 * environment variable (always a string) becomes one. Coercion is done here rather than
 * by Jackson binding so that every failure can name the key and say what was expected.
 */
enum ValueType {
    STRING, INT, LONG, BOOLEAN, STRING_LIST;

    private static final int MAX_SHOWN_CHARS = 60;

    static ValueType of(Class<?> javaType) {
        if (javaType == String.class) {
            return STRING;
        } else if (javaType == int.class) {
            return INT;
        } else if (javaType == long.class) {
            return LONG;
        } else if (javaType == boolean.class) {
            return BOOLEAN;
        } else if (javaType == List.class) {
            return STRING_LIST;
        }
        throw new IllegalArgumentException("no config value type for " + javaType);
    }

    /**
     * The value as a node of the canonical kind for this type.
     *
     * @throws IllegalArgumentException with a message like {@code expected an integer, got "abc"}
     */
    JsonNode coerce(JsonNode raw) {
        if (raw.isContainerNode() && this != STRING_LIST) {
            throw mismatch(raw);
        }
        return switch (this) {
            case STRING -> TextNode.valueOf(raw.asText());
            case INT -> IntNode.valueOf(integer(raw, Integer.MIN_VALUE, Integer.MAX_VALUE).intValueExact());
            case LONG -> LongNode.valueOf(integer(raw, Long.MIN_VALUE, Long.MAX_VALUE).longValueExact());
            case BOOLEAN -> bool(raw);
            case STRING_LIST -> list(raw);
        };
    }

    private String expected() {
        return switch (this) {
            case STRING -> "a string";
            case INT, LONG -> "an integer";
            case BOOLEAN -> "true or false";
            case STRING_LIST -> "a list of strings";
        };
    }

    private BigInteger integer(JsonNode raw, long min, long max) {
        BigInteger value;
        if (raw.isIntegralNumber()) {
            value = raw.bigIntegerValue();
        } else if (raw.isTextual()) {
            try {
                value = new BigInteger(raw.asText().trim());
            } catch (NumberFormatException e) {
                throw mismatch(raw);
            }
        } else {
            throw mismatch(raw);
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(
                    "expected an integer from " + min + " to " + max + ", got " + shown(raw));
        }
        return value;
    }

    private JsonNode bool(JsonNode raw) {
        if (raw.isBoolean()) {
            return raw;
        }
        // only the two words: "yes", "on" or "1" are too easy to misread across YAML versions
        String text = raw.isTextual() ? raw.asText().trim() : "";
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        throw mismatch(raw);
    }

    private JsonNode list(JsonNode raw) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        if (raw.isArray()) {
            for (JsonNode item : raw) {
                if (item.isContainerNode() || item.isNull()) {
                    throw mismatch(raw);
                }
                items.add(item.asText());
            }
        } else if (raw.isTextual()) {
            // the environment form: comma-separated
            Arrays.stream(raw.asText().split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .forEach(items::add);
        } else {
            throw mismatch(raw);
        }
        return items;
    }

    private IllegalArgumentException mismatch(JsonNode raw) {
        return new IllegalArgumentException("expected " + expected() + ", got " + shown(raw));
    }

    private static String shown(JsonNode raw) {
        if (raw.isObject()) {
            return "a mapping";
        } else if (raw.isArray()) {
            return "a list";
        } else if (raw.isTextual()) {
            String text = raw.asText();
            return text.length() <= MAX_SHOWN_CHARS
                    ? "\"" + text + "\""
                    : "\"" + text.substring(0, MAX_SHOWN_CHARS) + "...\" (" + text.length() + " characters)";
        }
        return raw.toString();
    }
}
