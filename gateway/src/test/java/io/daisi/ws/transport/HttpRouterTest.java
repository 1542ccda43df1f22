package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.daisi.ws.config.CapturedLogs;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the router does with a connection whose pipeline failed. */
class HttpRouterTest {

    /** Only the failure path is exercised: no request reaches the endpoints, so none is needed. */
    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new HttpRouter(null, null, null, Optional.empty(), Optional.empty(), null));
    }

    @Test
    void aConnectionClosedByAFaultOfOursIsLoggedAtWarnWithItsCause() {
        try (CapturedLogs logs = CapturedLogs.of(HttpRouter.class)) {
            EmbeddedChannel channel = channel();
            channel.pipeline().fireExceptionCaught(new IllegalStateException("a bug"));

            assertThat(channel.isOpen()).isFalse();
            assertThat(logs.messagesAt(Level.WARN)).containsExactly("HTTP connection closed after an unexpected error");
            assertThat(logs.lines()).anyMatch(line -> line.contains("IllegalStateException: a bug"));
        }
    }

    @Test
    void aPeersResetEarlyCloseOrUndecodableBytesCloseTheConnectionQuietly() {
        for (Throwable peerFault : List.of(new IOException("Connection reset by peer"),
                new DecoderException("not HTTP"), new PrematureChannelClosureException("closed mid-request"))) {
            try (CapturedLogs logs = CapturedLogs.of(HttpRouter.class)) {
                EmbeddedChannel channel = channel();
                channel.pipeline().fireExceptionCaught(peerFault);

                assertThat(channel.isOpen()).as("%s", peerFault).isFalse();
                assertThat(logs.messagesAt(Level.WARN)).as("%s", peerFault).isEmpty();
            }
        }
    }
}
