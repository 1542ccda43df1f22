package io.daisi.ws.protocol;

import java.util.Optional;

/** {@code {"code","message","details"?}}: the body of HTTP errors and the payload of socket errors. */
public record ErrorBody(ErrorCode code, String message, Optional<String> details) {

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(code, message, Optional.empty());
    }

    public static ErrorBody of(ErrorCode code, String message, String details) {
        return new ErrorBody(code, message, Optional.ofNullable(details).filter(d -> !d.isEmpty()));
    }
}
