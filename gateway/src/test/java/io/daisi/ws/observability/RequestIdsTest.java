package io.daisi.ws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @RepeatedTest(20)
    void aGeneratedIdIsKeptAsTwoLongsAndComesBackTheSame() {
        String id = RequestIds.generate();

        assertThat(RequestIds.isGenerated(id)).isTrue();
        assertThat(RequestIds.of(RequestIds.half(id, 0), RequestIds.half(id, 1))).isEqualTo(id);
    }

    @Test
    void idsOfAnyOtherFormAreNotTakenForGeneratedOnes() {
        assertThat(RequestIds.isGenerated("req-42")).isFalse();
        // 32 hex digits, but a half without its top bit would not come back with 16 digits
        assertThat(RequestIds.isGenerated("0123456789abcdef8123456789abcdef")).isFalse();
        assertThat(RequestIds.isGenerated("8123456789abcdef0123456789abcdef")).isFalse();
        // upper case would come back lower case
        assertThat(RequestIds.isGenerated("8123456789ABCDEF8123456789abcdef")).isFalse();
        assertThat(RequestIds.isGenerated("8123456789abcdef8123456789abcdeg")).isFalse();
        assertThat(RequestIds.isGenerated("8123456789abcdef8123456789abcde")).isFalse();
        assertThat(RequestIds.isGenerated("8123456789abcdef8123456789abcdef")).isTrue();
    }

    @Test
    void aSaneCallerIdIsKeptAndAnythingElseReplaced() {
        assertThat(RequestIds.orGenerate("abc-1")).isEqualTo("abc-1");
        assertThat(RequestIds.isGenerated(RequestIds.orGenerate("has space"))).isTrue();
        assertThat(RequestIds.isGenerated(RequestIds.orGenerate(null))).isTrue();
    }
}
