package io.daisi.ws.session;

/** What session handling reports; implemented by the metrics registry. */
public interface SessionMetrics {
    void lockAttempt(UserType type, String lockType);

    void lockSuccess(UserType type, String lockType);

    void lockFailure(UserType type, String reason);

    void sessionConflict(UserType type);

    /** One lock refreshed by the renewal loop: {@code result} is renewed, lost or error. */
    void lockRenewal(UserType type, String result);

    SessionMetrics NONE = new SessionMetrics() {
        @Override
        public void lockAttempt(UserType type, String lockType) {
        }

        @Override
        public void lockSuccess(UserType type, String lockType) {
        }

        @Override
        public void lockFailure(UserType type, String reason) {
        }

        @Override
        public void sessionConflict(UserType type) {
        }

        @Override
        public void lockRenewal(UserType type, String result) {
        }
    };
}
