package io.daisi.ws.config;

import io.netty.util.NetUtil;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IP address or CIDR block as written in {@code app.trusted_proxies}: {@code 10.0.0.7},
 * {@code 10.0.0.0/8}, {@code fd00::/8}. Only literals are accepted (no host names, so no DNS).
 */
public record IpRange(byte[] network, int prefixBits) {

    /** Empty when {@code text} is not an IPv4/IPv6 literal with an optional prefix in range. */
    public static Optional<IpRange> parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return Optional.empty();
        }
        int max = bytes.length * 8;
        if (slash < 0) {
            return Optional.of(new IpRange(bytes, max));
        }
        String prefix = trimmed.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)
                || Integer.parseInt(prefix) > max) {
            return Optional.empty();
        }
        return Optional.of(new IpRange(bytes, Integer.parseInt(prefix)));
    }

    /** Whether {@code address} (raw bytes of an IPv4 or IPv6 address) lies in this range. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        if (!Arrays.equals(address, 0, full, network, 0, full)) {
            return false;
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }
}
