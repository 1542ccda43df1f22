package io.daisi.ws.bench;

/**
 * Where one client socket goes and as whom: a user on {@code /ws/company/agent} of gateway
 * number {@code gateway} (of {@code --gateway}), which then selects {@code chat} if it is not empty.
 */
record Target(String company, String agent, String user, int gateway, String chat) {
    Target(String company, String agent, String user) {
        this(company, agent, user, 0, "");
    }
}
