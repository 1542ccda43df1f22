package io.daisi.ws.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API keys and token keys shipped in {@code config/config.yaml} are published with the
 * source: fine on a laptop, a hole in a cluster (SPEC §3). This names which of them a config
 * still uses, so a cluster pod can say so at start and the standalone demo page may prefill
 * them. The shipped values are read from the built-in defaults, not repeated here.
 */
public final class DevelopmentKeys {
    private static final List<String> KEYS = List.of(
            "auth.secret_token", "auth.admin_secret_token", "auth.token_aes_key", "auth.admin_token_aes_key");

    private DevelopmentKeys() {
    }

    /** The dotted keys whose value is the shipped development value, in declaration order. */
    public static List<String> inUse(GatewayConfig config) {
        Map<String, Object> values = ConfigSchema.GATEWAY.flatten(config);
        return KEYS.stream()
                .filter(key -> same(key, String.valueOf(values.get(key)), ConfigLoader.builtInDefault(key)))
                .toList();
    }

    /** True when both the general and the admin API key are the shipped ones. */
    public static boolean apiKeysInUse(AuthConfig auth) {
        return same("auth.secret_token", auth.secretToken(), ConfigLoader.builtInDefault("auth.secret_token"))
                && same("auth.admin_secret_token", auth.adminSecretToken(),
                        ConfigLoader.builtInDefault("auth.admin_secret_token"));
    }

    private static boolean same(String key, String configured, String shipped) {
        // hex keys name the same bytes in either case
        boolean hex = key.endsWith("_aes_key");
        String a = hex ? configured.toLowerCase(Locale.ROOT) : configured;
        String b = hex ? shipped.toLowerCase(Locale.ROOT) : shipped;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
