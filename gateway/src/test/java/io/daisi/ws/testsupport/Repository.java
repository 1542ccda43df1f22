package io.daisi.ws.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests check (docs/, deploy/), found from the module's working directory. */
public final class Repository {

    private Repository() {
    }

    /** The repository root: the first directory upwards that holds {@code docs/} and {@code deploy/}. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (docs/ and deploy/) above " + start);
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }
}
