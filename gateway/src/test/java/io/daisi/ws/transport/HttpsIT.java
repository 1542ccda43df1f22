package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.ConfigLoader;
import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.config.ServerConfig;
import io.daisi.ws.testsupport.FreePorts;
import io.daisi.ws.testsupport.TestCertificates;
import io.daisi.ws.testsupport.TestGateway;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3 HTTPS on the HTTP port: the Netty pipeline with TLS from PEM files, spoken to by a
 * real TLS socket and by a plain one.
 */
class HttpsIT {
    private static final byte[] HEALTH = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server = new HttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthIsServedOverTlsAndPlainHttpGetsNoResponse() throws Exception {
        TestCertificates pki = TestCertificates.newAuthority("https-ca");
        TestCertificates.Pem cert = pki.issue("gateway");
        int port = start(config(cert.cert().toString(), cert.key().toString()));

        try (SSLSocket tls = (SSLSocket) trusting(pki.caCert()).getSocketFactory().createSocket("127.0.0.1", port)) {
            tls.setSoTimeout(10_000);
            tls.startHandshake();
            String response = exchange(tls);
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"ok\"}");
        }

        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            plain.setSoTimeout(10_000);
            String response;
            try {
                response = exchange(plain);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                response = "";
            }
            assertThat(response).doesNotContain("HTTP/1.1").doesNotContain("status");
        }
    }

    @Test
    void theGatewayServesHttpsAndWssOnlyWithTheKeysSet() throws Exception {
        TestCertificates pki = TestCertificates.newAuthority("gateway-ca");
        TestCertificates.Pem cert = pki.issue("gateway");
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_SERVER_TLS_CERT_FILE", cert.cert().toString(),
                "DAISI_WS_SERVER_TLS_KEY_FILE", cert.key().toString()))) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .sslContext(trusting(pki.caCert())).connectTimeout(java.time.Duration.ofSeconds(5)).build();
            String https = "https://127.0.0.1:" + gw.port();
            java.net.http.HttpResponse<String> health = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(https + "/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            java.net.http.HttpResponse<String> token = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(https + "/generate-token"))
                    .header("X-API-Key", TestGateway.API_KEY)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String minted = new com.fasterxml.jackson.databind.ObjectMapper().readTree(token.body()).get("token").asText();
            java.util.concurrent.LinkedBlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket socket = client.newWebSocketBuilder().buildAsync(java.net.URI.create(
                    "wss://127.0.0.1:" + gw.port() + "/ws/c/a?token=" + TestGateway.enc(minted) + "&x-api-key="
                            + TestGateway.enc(TestGateway.API_KEY)), new java.net.http.WebSocket.Listener() {
                                @Override
                                public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws,
                                        CharSequence data, boolean last) {
                                    frames.add(data.toString());
                                    ws.request(1);
                                    return null;
                                }
                            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(frames.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("{\"type\":\"ready\"}");
            socket.abort();
            // plain HTTP on the TLS port gets no answer
            assertThatThrownBy(() -> io.daisi.ws.testsupport.TestHttp.get("http://127.0.0.1:" + gw.port() + "/health"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aFileThatIsNotACertificateIsAConfigErrorNamingTheKeys() throws IOException {
        Path garbage = Files.createTempFile("not-a-cert", ".pem");
        try {
            Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
            ServerConfig config = config(garbage.toString(), garbage.toString());

            assertThatThrownBy(() -> HttpsContext.from(config)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("server.tls_cert_file / server.tls_key_file: cannot be used");
        } finally {
            Files.delete(garbage);
        }
    }

    @Test
    void withoutTheKeysThereIsNoTls() throws IOException {
        assertThat(HttpsContext.from(config("", ""))).isEmpty();
    }

    private int start(ServerConfig config) throws InterruptedException, IOException {
        AppConfig app = defaults(Map.of()).app();
        return server.start("127.0.0.1", FreePorts.next(), HttpsContext.from(config), () -> app, HealthOnly::new);
    }

    private static ServerConfig config(String cert, String key) throws IOException {
        return defaults(Map.of("DAISI_WS_SERVER_TLS_CERT_FILE", cert, "DAISI_WS_SERVER_TLS_KEY_FILE", key)).server();
    }

    private static GatewayConfig defaults(Map<String, String> env) throws IOException {
        Path empty = Files.createTempDirectory("daisi-ws-https");
        try {
            return new ConfigLoader(Optional.empty(), env, empty).load().config();
        } finally {
            Files.delete(empty);
        }
    }

    /** One GET /health on a fresh connection that the server is asked to close; the whole answer. */
    private static String exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        in.transferTo(received);
        return received.toString(StandardCharsets.UTF_8);
    }

    private static SSLContext trusting(Path caCert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Stands in for the router: answers every request with the health body, closes on failures as it does. */
    private static final class HealthOnly extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            HttpResponses.json(ctx, request, 200, HEALTH);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

}
