package io.daisi.ws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder-level redaction, through the logback configuration the tests run with (the same
 * {@code jsonGeneratorDecorator} as the production {@code logback.xml}): a line logged raw, by
 * code that did not redact, reaches the file without the URL's credentials.
 */
class UrlCredentialsMaskerTest {
    private static final Logger log = LoggerFactory.getLogger(UrlCredentialsMaskerTest.class);

    @Test
    void aRawUrlInAMessageAndInAStackTraceIsWrittenWithoutItsCredentials() throws IOException {
        String marker = "masker-" + UUID.randomUUID();
        log.warn("{} connecting to nats://svc:hunter2@nats-1:4222,nats://other:pw2@nats-2:4222", marker,
                new IllegalStateException("failed: redis://:s3cret@redis:6379/0"));

        List<String> lines = Files.readAllLines(Path.of("target", "test-logs", "gateway-tests.log"),
                StandardCharsets.UTF_8).stream().filter(line -> line.contains(marker)).toList();

        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .contains("nats://***@nats-1:4222,nats://***@nats-2:4222", "redis://***@redis:6379/0")
                .doesNotContain("hunter2", "pw2", "s3cret"));
    }

    @Test
    void valuesWithoutCredentialsAreLeftAlone() {
        UrlCredentialsMasker masker = new UrlCredentialsMasker();

        assertThat(masker.mask(null, "nats://nats:4222")).isNull();
        assertThat(masker.mask(null, 42)).isNull();
        assertThat(masker.mask(null, "see https://u:p@h/x")).isEqualTo("see https://***@h/x");
    }
}
