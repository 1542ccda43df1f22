/**
 * The JetStream adapter: the NATS connection, the stream, the durable consumer that hands
 * each event to an EventDispatcher and settles it (ack, delayed NAK, term), and the stream
 * reads behind the last-message, publish and recovery ports.
 */
package io.daisi.ws.events.jetstream;
