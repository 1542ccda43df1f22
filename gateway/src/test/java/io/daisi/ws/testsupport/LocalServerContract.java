package io.daisi.ws.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The life cycle every test server offers; each server's IT runs it against its server. */
abstract class LocalServerContract<S extends LocalServer> {

    /** The two ways a server goes down: shut down cleanly, or gone at once. */
    enum Outage {
        STOP(LocalServer::stop),
        KILL(LocalServer::kill);

        private final Consumer<LocalServer> action;

        Outage(Consumer<LocalServer> action) {
            this.action = action;
        }

        void inflict(LocalServer server) {
            action.accept(server);
        }
    }

    abstract S launch();

    /** Fails unless {@code server} answers a request of its protocol. */
    abstract void assertServes(S server);

    @Test
    void servesOnItsPortOnceLaunched() {
        try (S server = launch()) {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.acceptsConnections()).isTrue();
            assertServes(server);
        }
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void startsAgainOnTheSamePortAfter(Outage outage) {
        try (S server = launch()) {
            int port = server.port();

            outage.inflict(server);
            assertThat(server.isRunning()).isFalse();
            assertThat(server.acceptsConnections()).isFalse();

            server.start();
            assertThat(server.port()).isEqualTo(port);
            assertServes(server);
        }
    }

    @Test
    void runsTwoServersAtOnce() {
        try (S first = launch(); S second = launch()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(first.dir()).isNotEqualTo(second.dir());
            assertServes(first);
            assertServes(second);

            first.stop();
            assertServes(second);
        }
    }

    @Test
    void refusesToStartTwice() {
        try (S server = launch()) {
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
        }
    }

    @Test
    void closeStopsTheServerAndDeletesItsDirectory() {
        S server = launch();
        assertThat(server.dir()).isDirectory();
        assertThat(server.logFile()).isNotEmptyFile();

        server.close();

        assertThat(server.isRunning()).isFalse();
        assertThat(server.acceptsConnections()).isFalse();
        assertThat(Files.exists(server.dir())).isFalse();
        server.close(); // a second close is harmless, as try-with-resources after a manual close needs
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
