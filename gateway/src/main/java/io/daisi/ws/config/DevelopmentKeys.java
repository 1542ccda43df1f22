package io.daisi.ws.config;

/**
 * Tells whether the API keys in force are still the development keys of the shipped
 * {@code config/config.yaml} (published with the source, so not secret).
 */
public final class DevelopmentKeys {
    private static final AuthConfig SHIPPED = ConfigLoader.builtInDefaults().auth();

    private DevelopmentKeys() {
    }

    /** True when both the general and the admin API key are the shipped ones. */
    public static boolean apiKeysInUse(AuthConfig auth) {
        // plain equals: the shipped keys are public, so timing reveals nothing worth hiding
        return SHIPPED.secretToken().equals(auth.secretToken())
                && SHIPPED.adminSecretToken().equals(auth.adminSecretToken());
    }
}
