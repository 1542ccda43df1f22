package io.daisi.ws.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pod id used when {@code server.pod_id} is empty: the hostname, as Kubernetes sets it to the pod name. */
final class DefaultPodId {

    private static final Logger log = LoggerFactory.getLogger(DefaultPodId.class);

    private DefaultPodId() {
    }

    static String resolve(Map<String, String> env) {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (!name.isBlank()) {
                return name;
            }
        } catch (UnknownHostException e) {
            // a hostname that does not resolve is common in minimal containers
            log.debug("cannot resolve the local hostname: {}", e.toString());
        }
        String fromEnv = env.getOrDefault("HOSTNAME", "");
        if (!fromEnv.isBlank()) {
            return fromEnv;
        }
        String random = "pod-" + UUID.randomUUID().toString().substring(0, 8);
        log.warn("no hostname available; using the random pod id {} (set server.pod_id to keep it stable)", random);
        return random;
    }
}
