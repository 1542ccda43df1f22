package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {
    private static final String METRICS = "dws_events_delivered_total 42.0\n";

    @Test
    void scrapeAllOrReadsEveryInstance() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = METRICS.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Gateway gateway = new Gateway(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "k");
            List<MetricsSnapshot> read = MetricsSnapshot.scrapeAllOr(new Http(), List.of(gateway), List.of());
            assertThat(read).hasSize(1);
            assertThat(read.getFirst().samples()).extracting(MetricsSnapshot.Sample::value).containsExactly(42.0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void scrapeAllOrGivesTheFallbackWhenAnInstanceDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Gateway gone = new Gateway(URI.create("http://127.0.0.1:" + closedPort), "k");
        List<MetricsSnapshot> fallback = List.of(MetricsSnapshot.parse(METRICS));
        assertThat(MetricsSnapshot.scrapeAllOr(new Http(), List.of(gone), fallback)).isSameAs(fallback);
    }
}
