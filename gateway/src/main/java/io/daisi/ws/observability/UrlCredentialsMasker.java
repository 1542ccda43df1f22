package io.daisi.ws.observability;

import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * The JSON log encoder's last line of defence (configured in {@code logback.xml}): every string
 * value of every log line, message and stack trace included, passes through
 * {@link LogRedaction#urls}, so a URL with {@code user:password@} logged by a library, or by code
 * that forgot to redact, still reaches the log without its credentials.
 */
public final class UrlCredentialsMasker implements ValueMasker {

    /** The redacted text, or null (= leave as is) when there was nothing to redact. */
    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (value instanceof CharSequence text) {
            String original = text.toString();
            String redacted = LogRedaction.urls(original);
            return redacted.equals(original) ? null : redacted;
        }
        return null;
    }
}
