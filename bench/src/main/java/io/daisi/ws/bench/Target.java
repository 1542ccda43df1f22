package io.daisi.ws.bench;

/**
 * Where one client socket goes and as whom: a user on {@code /ws/company/agent} of gateway
 * number {@code gateway} (of {@code --gateway}), which then selects {@code chat} if it is not
 * empty; or, with {@code admin}, an admin on {@code /ws/admin} subscribed to company/agent.
 */
record Target(String company, String agent, String user, int gateway, String chat, boolean admin) {
    Target(String company, String agent, String user) {
        this(company, agent, user, 0, "", false);
    }

    Target(String company, String agent, String user, int gateway, String chat) {
        this(company, agent, user, gateway, chat, false);
    }

    /** An admin socket ({@code user} is the admin id) whose scope is company/agent. */
    static Target admin(String company, String agent, String adminId, int gateway) {
        return new Target(company, agent, adminId, gateway, "", true);
    }
}
