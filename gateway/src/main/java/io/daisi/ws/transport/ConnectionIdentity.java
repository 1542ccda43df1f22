package io.daisi.ws.transport;

import io.daisi.ws.routing.AdminScope;
import io.daisi.ws.session.SessionKey;
import io.daisi.ws.session.UserType;

/** Who is on a socket, as established by its token. */
sealed interface ConnectionIdentity {
    SessionKey sessionKey();

    /** MDC key/value pairs for log lines about this socket. */
    String[] logFields();

    /** Which socket endpoint: {@code /ws/{company}/{agent}} or {@code /ws/admin}. */
    UserType type();

    record User(String company, String agent, String user) implements ConnectionIdentity {
        /**
         * Company and agent ids are shared by many sockets, and every socket holds its identity
         * for as long as it is open: one copy of each id, not one per socket (about 100 bytes a
         * socket; docs/BENCHMARKS.md). The JVM drops interned strings no socket holds any more.
         */
        public User {
            company = company.intern();
            agent = agent.intern();
        }

        @Override
        public SessionKey sessionKey() {
            return SessionKey.forUser(company, agent, user);
        }

        @Override
        public String[] logFields() {
            return new String[] {"company_id", company, "agent_id", agent, "user_id", user};
        }

        @Override
        public UserType type() {
            return UserType.USER;
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
        public UserType type() {
            return UserType.ADMIN;
        }
    }
}
