package io.daisi.ws.transport;

import io.daisi.ws.config.DevelopmentKeys;
import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.config.LiveConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /dev/demo-settings}: what the demo page needs to work without copying keys
 * from a file. The API keys are included only in standalone mode and only while they are
 * still the development keys published with the source: a configured key is never exposed.
 * Present wherever {@code /dev/events} is.
 */
final class DemoSettingsEndpoint {
    private final LiveConfig config;

    DemoSettingsEndpoint(LiveConfig config) {
        this.config = config;
    }

    void respond(ChannelHandlerContext ctx, FullHttpRequest request) {
        GatewayConfig current = config.current();
        boolean standalone = !current.clusterMode();
        boolean developmentKeys = standalone && DevelopmentKeys.apiKeysInUse(current.auth());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("standalone", standalone);
        body.put("development_keys", developmentKeys);
        body.put("subject_prefix", current.nats().subjectPrefix());
        if (developmentKeys) {
            body.put("api_key", current.auth().secretToken());
            body.put("admin_api_key", current.auth().adminSecretToken());
        }
        HttpResponses.json(ctx, request, 200, body);
    }
}
