package io.daisi.ws.transport;

/** Which socket endpoint a request asks for. */
sealed interface SocketTarget {
    record User(String company, String agent) implements SocketTarget {
    }

    record Admin() implements SocketTarget {
    }
}
