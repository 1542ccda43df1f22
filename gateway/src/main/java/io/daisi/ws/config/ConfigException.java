package io.daisi.ws.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, not just the first,
 * so an operator fixes them in one round; each problem starts with the dotted key.
 * Messages never contain secret values.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
