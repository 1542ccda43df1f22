package io.daisi.ws.events.jetstream;

import static io.daisi.ws.events.jetstream.JetStreamTesting.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.observability.DependencyCheck.Status;
import io.daisi.ws.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSetupIT {

    @Test
    void createsTheStreamOverThePrefixAndIsReady() throws Exception {
        try (NatsServer server = NatsServer.launch();
             Connection client = Nats.connect(server.url())) {
            GatewayConfig config = JetStreamTesting.config(server, Map.of());
            try (NatsConnector connector = JetStreamTesting.connected(config)) {
                StreamSetup setup = new StreamSetup(connector, config.nats());
                setup.start();
                NatsReadiness readiness = new NatsReadiness(connector, setup);

                assertThat(await(readiness.check())).isEqualTo(Status.OK);
                assertThat(readiness.reason()).isEmpty();
                StreamInfo info = client.jetStreamManagement().getStreamInfo(config.nats().streamName());
                assertThat(info.getConfiguration().getSubjects()).containsExactly(config.nats().subjectPrefix() + ".>");
                assertThat(info.getConfiguration().getStorageType()).isEqualTo(StorageType.File);
                assertThat(info.getConfiguration().getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
                assertThat(info.getConfiguration().getAllowDirect()).isTrue();
            }
        }
    }

    @Test
    void aMissingStreamIsReportedUntilAnOperatorCreatesIt() throws Exception {
        try (NatsServer server = NatsServer.launch();
             Connection client = Nats.connect(server.url())) {
            GatewayConfig config = JetStreamTesting.config(server, Map.of("DAISI_WS_NATS_CREATE_STREAM", "false"));
            String stream = config.nats().streamName();
            try (NatsConnector connector = JetStreamTesting.connected(config)) {
                StreamSetup setup = new StreamSetup(connector, config.nats());
                setup.start();
                NatsReadiness readiness = new NatsReadiness(connector, setup);

                assertThat(await(readiness.check())).isEqualTo(Status.DOWN);
                assertThat(readiness.reason()).contains("stream " + stream + " missing (nats.create_stream is false)");
                JetStreamManagement jsm = client.jetStreamManagement();
                assertThat(jsm.getStreamNames()).doesNotContain(stream);

                jsm.addStream(StreamConfiguration.builder().name(stream)
                        .subjects(config.nats().subjectPrefix() + ".>").build());
                await().atMost(Duration.ofSeconds(5)).until(() -> await(readiness.check()) == Status.OK);
            }
        }
    }

    @Test
    void aStreamOverOtherSubjectsIsReported() throws Exception {
        try (NatsServer server = NatsServer.launch();
             Connection client = Nats.connect(server.url())) {
            GatewayConfig config = JetStreamTesting.config(server, Map.of("DAISI_WS_NATS_CREATE_STREAM", "false"));
            client.jetStreamManagement().addStream(StreamConfiguration.builder().name(config.nats().streamName())
                    .subjects("elsewhere.>").build());
            try (NatsConnector connector = JetStreamTesting.connected(config)) {
                NatsReadiness readiness = new NatsReadiness(connector, new StreamSetup(connector, config.nats()));

                assertThat(await(readiness.check())).isEqualTo(Status.DOWN);
                assertThat(readiness.reason()).hasValueSatisfying(reason -> assertThat(reason)
                        .contains("does not capture " + config.nats().subjectPrefix() + ".>"));
            }
        }
    }

    @Test
    void startsBeforeNatsIsUpAndCreatesTheStreamOnceItIs() throws Exception {
        try (NatsServer server = NatsServer.launch()) {
            server.stop();
            GatewayConfig config = JetStreamTesting.config(server, Map.of());
            try (NatsConnector connector = NatsConnector.start(config.nats(), "pod-a")) {
                StreamSetup setup = new StreamSetup(connector, config.nats());
                setup.start();
                NatsReadiness readiness = new NatsReadiness(connector, setup);
                assertThat(await(readiness.check())).isEqualTo(Status.DOWN);
                assertThat(readiness.reason()).hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("not connected to nats://127.0.0.1:"));

                server.start();
                await().atMost(JetStreamTesting.CONNECT_WAIT).until(connector::isConnected);
                try (Connection client = Nats.connect(server.url())) {
                    await().atMost(Duration.ofSeconds(5)).until(() ->
                            client.jetStreamManagement().getStreamNames().contains(config.nats().streamName()));
                }
                assertThat(await(readiness.check())).isEqualTo(Status.OK);

                server.stop();
                await().atMost(Duration.ofSeconds(5)).until(() -> !connector.isConnected());
                assertThat(await(readiness.check())).isEqualTo(Status.DOWN);
                server.start();
                await().atMost(JetStreamTesting.CONNECT_WAIT).until(connector::isConnected);
                assertThat(await(readiness.check())).isEqualTo(Status.OK);
            }
        }
    }
}
