package io.daisi.ws.transport;

import io.daisi.ws.routing.AdminScope;
import io.daisi.ws.session.SessionKey;

/** Who is on a socket, as established by its token. */
sealed interface ConnectionIdentity {
    SessionKey sessionKey();

    /** MDC key/value pairs for log lines about this socket. */
    String[] logFields();

    String endpoint();

    record User(String company, String agent, String user) implements ConnectionIdentity {
        @Override
        public SessionKey sessionKey() {
            return SessionKey.forUser(company, agent, user);
        }

        @Override
        public String[] logFields() {
            return new String[] {"company_id", company, "agent_id", agent, "user_id", user};
        }

        @Override
        public String endpoint() {
            return "user";
        }
    }

    record Admin(String adminId, AdminScope scope) implements ConnectionIdentity {
        @Override
        public SessionKey sessionKey() {
            return SessionKey.forAdmin(adminId);
        }

        @Override
        public String[] logFields() {
            return new String[] {"admin_id", adminId};
        }

        @Override
        public String endpoint() {
            return "admin";
        }
    }
}
