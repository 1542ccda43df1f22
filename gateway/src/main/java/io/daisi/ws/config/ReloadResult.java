package io.daisi.ws.config;

import java.util.List;

/** What {@link LiveConfig#reload()} did. */
public sealed interface ReloadResult {

    /** The new config is in force and listeners have been told. */
    record Applied(ConfigChange change) implements ReloadResult {
    }

    /** The sources load to the config already in force. */
    record Unchanged() implements ReloadResult {
    }

    /** The sources are invalid; the previous config stays in force. */
    record Rejected(List<String> problems) implements ReloadResult {

        public Rejected {
            problems = List.copyOf(problems);
        }
    }
}
