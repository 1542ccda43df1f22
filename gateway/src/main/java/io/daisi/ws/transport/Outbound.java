package io.daisi.ws.transport;

/** One queued text frame; {@code receivedAtNanos} is 0 for frames that are not events. */
record Outbound(byte[] frame, long receivedAtNanos) {
}
