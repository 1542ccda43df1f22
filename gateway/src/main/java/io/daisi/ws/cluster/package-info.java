/**
 * Pod-to-pod event forwarding over gRPC: the server side that hands forwarded events to
 * local sockets, and the client side that forwards to peer pods through one pooled channel
 * per peer, a per-peer circuit breaker and one retry on transient failures.
 */
package io.daisi.ws.cluster;
