/**
 * Metrics registry and logging context: Prometheus metrics with the reference
 * names and bounded labels, the MDC fields of JSON log lines, and the live log level.
 * {@code Metrics} implements the metrics ports the other packages own (it imports them,
 * they never import it); the logging and readiness helpers import no gateway package.
 */
package io.daisi.ws.observability;
