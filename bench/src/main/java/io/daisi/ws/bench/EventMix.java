package io.daisi.ws.bench;

/**
 * Which subject event {@code i} goes to: a kind by weight ({@code chats:80,messages:15,agents:5}),
 * a company/agent pair and, for {@code messages}, one of the pair's chats. Deterministic, so the
 * harness knows which sockets each event must reach without being told.
 */
record EventMix(int chats, int messages, int agents, int pairs, int chatsPerPair) {

    enum Kind { CHATS, MESSAGES, AGENTS }

    /** Where event {@code i} goes. {@code chat} is empty unless the kind is MESSAGES. */
    record Route(Kind kind, int pair, String chat) {
    }

    static EventMix parse(String spec, int pairs, int chatsPerPair) {
        int chats = 0;
        int messages = 0;
        int agents = 0;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":");
            int weight;
            try {
                weight = kv.length == 2 ? Integer.parseInt(kv[1].trim()) : -1;
            } catch (NumberFormatException e) {
                weight = -1;
            }
            if (weight < 0) {
                throw new UsageException("--mix takes kind:weight pairs, e.g. chats:80,messages:15,agents:5");
            }
            switch (kv[0].trim()) {
                case "chats" -> chats = weight;
                case "messages" -> messages = weight;
                case "agents" -> agents = weight;
                default -> throw new UsageException("--mix: unknown kind " + kv[0] + " (chats, messages, agents)");
            }
        }
        if (chats + messages + agents == 0) {
            throw new UsageException("--mix: the weights add up to 0");
        }
        if (messages > 0 && chatsPerPair == 0) {
            throw new UsageException("--mix with messages needs --chats-per-pair of at least 1");
        }
        return new EventMix(chats, messages, agents, pairs, chatsPerPair);
    }

    Route route(int i) {
        int total = chats + messages + agents;
        int slot = Math.floorMod(i * 37, total);
        int pair = Math.floorMod(i, pairs);
        if (slot < chats) {
            return new Route(Kind.CHATS, pair, "");
        }
        if (slot < chats + messages) {
            return new Route(Kind.MESSAGES, pair, chat(Math.floorMod(i / pairs, chatsPerPair)));
        }
        return new Route(Kind.AGENTS, pair, "");
    }

    static String chat(int n) {
        return "ch" + n;
    }
}
