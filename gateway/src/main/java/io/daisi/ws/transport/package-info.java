/**
 * The Netty side: the HTTP server and its endpoints, authentication and
 * admission before the WebSocket upgrade, and each client connection with its
 * bounded send queue, inbound limits and liveness supervision.
 */
package io.daisi.ws.transport;
