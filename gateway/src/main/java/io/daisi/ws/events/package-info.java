/**
 * Events: NATS subjects, the event envelope (raw JSON plus the fields routing
 * needs), the port through which consumed events are handed on for delivery,
 * and the event sources (the in-process bus of standalone mode, JetStream).
 */
package io.daisi.ws.events;
