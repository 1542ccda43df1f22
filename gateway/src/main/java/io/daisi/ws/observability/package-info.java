/**
 * Metrics registry and logging context: Prometheus metrics with the reference names and
 * bounded labels, the MDC fields of JSON log lines, and the live log level.
 */
package io.daisi.ws.observability;
