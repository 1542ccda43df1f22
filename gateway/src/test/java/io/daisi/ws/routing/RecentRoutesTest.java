package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRoutesTest {
    private final RecentRoutes recent = new RecentRoutes();

    @Test
    void anUnreadRouteHasNoPods() {
        assertThat(recent.otherPods("route:c:a:chats")).isEmpty();
    }

    @Test
    void theLastReadWins() {
        recent.remember("route:c:a:chats", List.of("pod-b", "pod-c"));
        recent.remember("route:c:a:chats", List.of("pod-c"));
        assertThat(recent.otherPods("route:c:a:chats")).containsExactly("pod-c");
    }

    @Test
    void aReadWithoutOtherPodsForgetsTheRoute() {
        recent.remember("route:c:a:chats", List.of("pod-b"));
        recent.remember("route:c:a:chats", List.of());
        assertThat(recent.otherPods("route:c:a:chats")).isEmpty();
        assertThat(recent.size()).isZero();
    }

    @Test
    void whatItKeepsIsACopy() {
        List<String> pods = new ArrayList<>(List.of("pod-b"));
        recent.remember("route:c:a:chats", pods);
        pods.add("pod-c");
        assertThat(recent.otherPods("route:c:a:chats")).containsExactly("pod-b");
    }

    @Test
    void pastItsBoundItStartsAgainFromEmpty() {
        for (int i = 0; i < RecentRoutes.MAX_ROUTES; i++) {
            recent.remember("route:c:" + i + ":chats", List.of("pod-b"));
        }
        assertThat(recent.size()).isEqualTo(RecentRoutes.MAX_ROUTES);
        recent.remember("route:c:0:chats", List.of("pod-c"));
        assertThat(recent.size()).as("a known key is updated in place").isEqualTo(RecentRoutes.MAX_ROUTES);
        recent.remember("route:c:new:chats", List.of("pod-b"));
        assertThat(recent.size()).isEqualTo(1);
        assertThat(recent.otherPods("route:c:new:chats")).containsExactly("pod-b");
    }
}
