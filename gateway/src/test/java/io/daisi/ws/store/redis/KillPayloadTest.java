package io.daisi.ws.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KillPayloadTest {

    @Test
    void encodesTheReferenceFieldFirstAndTheFenceBesideIt() {
        assertThat(KillPayload.encode("pod-7", 42)).isEqualTo("{\"new_pod_id\":\"pod-7\",\"fence\":42}");
    }

    @Test
    void decodesWhatGoWritesAsUnfenced() {
        assertThat(KillPayload.decode("{\"new_pod_id\":\"p9\"}"))
                .contains(new KillPayload.Decoded("p9", OptionalLong.empty()));
        assertThat(KillPayload.decode("{ \"new_pod_id\" : \"p9\", \"extra\": 1 }\n"))
                .contains(new KillPayload.Decoded("p9", OptionalLong.empty()));
        assertThat(KillPayload.decode("{\"new_pod_id\":\"\\u003cpod\\u003e\"}")).get()
                .extracting(KillPayload.Decoded::newPodId).isEqualTo("<pod>");
    }

    @Test
    void decodesItsOwnFence() {
        assertThat(KillPayload.decode(KillPayload.encode("pod-7", 1764000000000001L)))
                .contains(new KillPayload.Decoded("pod-7", OptionalLong.of(1764000000000001L)));
    }

    @Test
    void aFenceThatIsNotAPositiveIntegerIsAbsent() {
        for (String fence : new String[] {"0", "-3", "1.5", "\"7\"", "null", "99999999999999999999999"}) {
            assertThat(KillPayload.decode("{\"new_pod_id\":\"p\",\"fence\":" + fence + "}"))
                    .as(fence).contains(new KillPayload.Decoded("p", OptionalLong.empty()));
        }
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
