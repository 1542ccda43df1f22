package io.daisi.ws.store;

/**
 * A shared store (Redis) cannot be reached or did not answer in time. Adapters
 * fail their stages with this so callers can tell an outage (refuse with
 * ServiceUnavailable, degrade) from a defect (InternalServerError).
 */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }

    /** True if {@code failure} or one of its causes is a store outage. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
