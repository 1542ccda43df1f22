package io.daisi.ws.transport;

/** What {@code GET /metrics} serves: every metric of this gateway, in a Prometheus text format. */
public interface MetricsExposition {

    String contentType();

    byte[] scrape();
}
