package io.daisi.ws.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Identity fields of a log line (request_id, company_id, agent_id, user_id,
 * admin_id, event_id) put into the MDC for the duration of a block, so the JSON
 * encoder writes them. Netty threads are shared, so always use try-with-resources.
 */
public final class LogContext implements AutoCloseable {
    private final Map<String, String> previous = new LinkedHashMap<>();

    private LogContext() {
    }

    public static LogContext with(String... keyValues) {
        LogContext ctx = new LogContext();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            String key = keyValues[i];
            String value = keyValues[i + 1];
            if (value == null || value.isEmpty()) {
                continue;
            }
            ctx.previous.put(key, MDC.get(key));
            MDC.put(key, value);
        }
        return ctx;
    }

    @Override
    public void close() {
        previous.forEach((key, old) -> {
            if (old == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, old);
            }
        });
    }
}
