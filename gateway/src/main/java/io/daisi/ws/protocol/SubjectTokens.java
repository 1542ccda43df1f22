package io.daisi.ws.protocol;

/**
 * Ids (company, agent, chat) become NATS subject tokens and parts of Redis keys,
 * so they must be non-empty and free of the characters those use as syntax.
 */
public final class SubjectTokens {
    private SubjectTokens() {
    }

    public static boolean isValidToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' || c == '*' || c == '>' || c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
