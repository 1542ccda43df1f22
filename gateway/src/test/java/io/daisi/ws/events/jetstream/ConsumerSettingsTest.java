package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.GatewayConfig;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

    private static ConsumerSettings settings(Map<String, String> env, String podId) {
        GatewayConfig config = JetStreamTesting.config(env);
        return ConsumerSettings.of(config.nats(), config.app(), podId);
    }

    @Test
    void sharedModeIsOneDurableForAllPodsWithTheConfiguredLimits() {
        ConsumerSettings shared = settings(Map.of("DAISI_WS_APP_NATS_ACK_WAIT_SECONDS", "12",
                "DAISI_WS_APP_NATS_MAX_ACK_PENDING", "77", "DAISI_WS_NATS_MAX_DELIVER", "4"), "pod-1");
        ConsumerConfiguration c = shared.configuration();

        assertThat(shared.mode()).isEqualTo(ConsumerSettings.DeliveryMode.SHARED);
        assertThat(c.getDurable()).isEqualTo("ws_fanout");
        assertThat(c.getFilterSubject()).isEqualTo("websocket.>");
        assertThat(c.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
        assertThat(c.getDeliverPolicy()).isEqualTo(DeliverPolicy.New);
        assertThat(c.getAckWait()).isEqualTo(Duration.ofSeconds(12));
        assertThat(c.getMaxAckPending()).isEqualTo(77);
        assertThat(c.getMaxDeliver()).isEqualTo(4);
        assertThat(c.getInactiveThreshold()).isNull();
    }

    @Test
    void perPodModeNamesTheConsumerAfterThePodAndLetsJetStreamRemoveItWhenIdle() {
        ConsumerSettings perPod = settings(Map.of("DAISI_WS_NATS_DELIVERY_MODE", "per_pod",
                "DAISI_WS_NATS_PER_POD_INACTIVE_THRESHOLD_SECONDS", "90"), "gw-7f.example.local");
        ConsumerConfiguration c = perPod.configuration();

        assertThat(perPod.mode()).isEqualTo(ConsumerSettings.DeliveryMode.PER_POD);
        assertThat(c.getDurable()).isEqualTo("ws_fanout_gw-7f_example_local");
        assertThat(c.getInactiveThreshold()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.getDeliverPolicy()).isEqualTo(DeliverPolicy.New);
    }

    @Test
    void unlimitedMaxDeliverIsMinusOne() {
        assertThat(settings(Map.of("DAISI_WS_NATS_MAX_DELIVER", "-1"), "p").maxDeliver()).isEqualTo(-1);
    }

    @Test
    void podIdsBecomeValidNameTokens() {
        assertThat(ConsumerSettings.nameToken("pod a.b*c>d/e\\f")).isEqualTo("pod_a_b_c_d_e_f");
        assertThat(ConsumerSettings.nameToken("")).isEqualTo("_");
    }
}
