package io.daisi.ws.transport;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

/**
 * What a channel that asked for a socket holds until it closes: its client IP's connection
 * slot, and once admitted, its connection and subscriptions. One object and one close listener
 * per channel, where separate listeners for each cost a socket about 100 bytes for as long as it
 * is open (docs/BENCHMARKS.md, memory per idle socket).
 */
final class SocketSlot implements ChannelFutureListener {
    private final WebSocketEndpoint endpoint;
    private final String client;
    private volatile ClientConnection connection;
    private volatile SocketSubscriptions subscriptions;

    SocketSlot(WebSocketEndpoint endpoint, String client) {
        this.endpoint = endpoint;
        this.client = client;
    }

    /** The client IP whose slot the channel holds. */
    String client() {
        return client;
    }

    /** The socket was admitted: its clean-up runs when the channel closes. */
    void admitted(ClientConnection connection, SocketSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.connection = connection;
    }

    ClientConnection connection() {
        return connection;
    }

    SocketSubscriptions subscriptions() {
        return subscriptions;
    }

    @Override
    public void operationComplete(ChannelFuture closed) {
        endpoint.closed(this);
    }
}
