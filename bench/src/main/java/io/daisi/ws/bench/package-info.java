/**
 * Load generator and benchmark harness for the gateway: {@link io.daisi.ws.bench.Bench}
 * opens many WebSocket clients (Netty), mints their tokens and publishes test events
 * over HTTP (JDK HttpClient), and reports connect rate, memory per connection,
 * end-to-end event latency and delivery completeness, as text and as one JSON line.
 */
package io.daisi.ws.bench;
