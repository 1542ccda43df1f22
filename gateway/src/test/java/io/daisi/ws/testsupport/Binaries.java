package io.daisi.ws.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/** Locates the server binaries the test servers run. */
final class Binaries {

    private Binaries() {
    }

    /**
     * The executable {@code name} from PATH, else from {@code fallback} (Debian's
     * nats-server lives in /usr/sbin, which a normal user's PATH lacks).
     */
    static Path find(String name, Path fallback) {
        Stream<Path> onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name));
        Optional<Path> found = Stream.concat(onPath, Stream.of(fallback))
                .filter(Files::isExecutable)
                .findFirst();
        return found.orElseThrow(() -> new IllegalStateException(
                name + " not found on PATH nor at " + fallback
                        + "; install it with scripts/ensure-services.sh"));
    }
}
