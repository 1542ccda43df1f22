/**
 * Keeps alive what this pod holds in the shared store: session locks, route keys and the pod
 * heartbeat all expire unless renewed. One loop renews them every
 * {@code app.ttl_refresh_interval_seconds}, in pipelined batches, with activity-based
 * ("adaptive") TTLs where configured, and re-asserts everything after a store outage.
 */
package io.daisi.ws.renewal;
