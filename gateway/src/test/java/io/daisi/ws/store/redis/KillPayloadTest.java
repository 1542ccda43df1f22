package io.daisi.ws.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KillPayloadTest {

    @Test
    void encodesAsTheReferenceDoes() {
        assertThat(KillPayload.encode("pod-7")).isEqualTo("{\"new_pod_id\":\"pod-7\"}");
    }

    @Test
    void decodesWhatGoWrites() {
        assertThat(KillPayload.decode("{\"new_pod_id\":\"p9\"}")).contains("p9");
        assertThat(KillPayload.decode("{ \"new_pod_id\" : \"p9\", \"extra\": 1 }\n")).contains("p9");
        assertThat(KillPayload.decode("{\"new_pod_id\":\"\\u003cpod\\u003e\"}")).contains("<pod>");
    }

    @Test
    void anythingElseIsNoPodId() {
        assertThat(KillPayload.decode("")).isEmpty();
        assertThat(KillPayload.decode("not json")).isEmpty();
        assertThat(KillPayload.decode("{")).isEmpty();
        assertThat(KillPayload.decode("[]")).isEmpty();
        assertThat(KillPayload.decode("\"p9\"")).isEmpty();
        assertThat(KillPayload.decode("{}")).isEmpty();
        assertThat(KillPayload.decode("{\"new_pod_id\":42}")).isEmpty();
        assertThat(KillPayload.decode("{\"new_pod_id\":null}")).isEmpty();
        assertThat(KillPayload.decode("{\"new_pod_id\":\" \"}")).isEmpty();
        assertThat(KillPayload.decode("{\"new_pod_id\":\"a\",\"new_pod_id\":\"b\"}")).isEmpty();
    }
}
