package io.daisi.ws.transport;

import io.daisi.ws.config.IpRange;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Who a request comes from, for the per-IP limits: the TCP peer, unless the peer is one of
 * {@code app.trusted_proxies}; then the rightmost {@code X-Forwarded-For} entry that is not a
 * trusted proxy (entries further left were written by the client and can be forged). Anything
 * unparseable in the header ends the walk at the last address known good.
 */
final class ClientAddresses {
    /** The parsed form of one config list, kept while the list stays the same. */
    private final PerSource<List<String>, List<IpRange>> ranges = new PerSource<>(
            configured -> configured.stream().map(IpRange::parse).flatMap(Optional::stream).toList());

    /**
     * @param peer           the TCP peer of the connection
     * @param forwardedFor   every {@code X-Forwarded-For} header value, in order
     * @param trustedProxies {@code app.trusted_proxies} (validated at load)
     */
    String clientOf(SocketAddress peer, List<String> forwardedFor, List<String> trustedProxies) {
        String peerAddress = peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(peer);
        List<IpRange> trusted = ranges.of(trustedProxies);
        if (trusted.isEmpty() || !isTrusted(peerAddress, trusted)) {
            return peerAddress;
        }
        List<String> hops = forwardedFor.stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(String::strip)
                .toList();
        String client = peerAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<String> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get();
            if (!isTrusted(client, trusted)) {
                break;
            }
        }
        return client;
    }

    private static boolean isTrusted(String address, List<IpRange> trusted) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
    }

    /** The canonical form of an IP literal (never a DNS lookup); empty for anything else. */
    private static Optional<String> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(bare);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes).getHostAddress());
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }
}
