package io.daisi.ws.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsServerIT extends LocalServerContract<NatsServer> {

    private static final String PING = "CONNECT {\"verbose\":false}\r\nPING\r\n";

    @Override
    NatsServer launch() {
        return NatsServer.launch();
    }

    @Override
    void assertServes(NatsServer nats) {
        assertThat(converse(nats, PING).get(1)).isEqualTo("PONG");
    }

    @Test
    void greetsWithJetStreamEnabled() {
        try (NatsServer nats = NatsServer.launch()) {
            assertThat(nats.url()).isEqualTo("nats://127.0.0.1:" + nats.port());
            assertThat(converse(nats, PING).get(0)).startsWith("INFO {").contains("\"jetstream\":true");
        }
    }

    @Test
    void servesMonitoring() throws Exception {
        try (NatsServer nats = NatsServer.launch(); HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create(nats.monitorUrl() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void restartsOnTheSamePortWithTheSameStore() {
        try (NatsServer nats = NatsServer.launch()) {
            int port = nats.port();
            assertThat(nats.storeDir().resolve("jetstream")).isDirectory();

            nats.stop();
            nats.start();

            assertThat(nats.port()).isEqualTo(port);
            assertThat(nats.storeDir().resolve("jetstream")).isDirectory();
            assertThat(nats.logTail()).contains(nats.storeDir().toString());
        }
    }

    @Test
    @SuppressWarnings("try") // Connection.close() may throw InterruptedException; the test declares it
    void keepsJetStreamMessagesAcrossAKill() throws Exception {
        try (NatsServer nats = NatsServer.launch()) {
            try (Connection connection = Nats.connect(nats.url())) {
                connection.jetStreamManagement().addStream(StreamConfiguration.builder()
                        .name("EVENTS").subjects("events.>").storageType(StorageType.File).build());
                connection.jetStream().publish("events.one", "payload".getBytes(StandardCharsets.UTF_8));
            }

            nats.kill();
            nats.start();

            try (Connection connection = Nats.connect(nats.url())) {
                JetStreamManagement streams = connection.jetStreamManagement();
                assertThat(streams.getStreamInfo("EVENTS").getStreamState().getMsgCount()).isEqualTo(1);
            }
        }
    }

    /** The lines a raw client gets: the server's INFO greeting, then the reply to {@code request}. */
    private static List<String> converse(NatsServer nats, String request) {
        try (Socket socket = nats.connect(Duration.ofSeconds(5));
             BufferedReader in = new BufferedReader(
                     new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            String greeting = in.readLine();
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return List.of(greeting, in.readLine());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
