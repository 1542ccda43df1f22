package io.daisi.ws.events.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;

/** The connection and its JetStream contexts, made once per connection (they survive reconnects). */
record JetStreamHandles(Connection connection, JetStream jetStream, JetStreamManagement management) {
}
