package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.IpRange;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.5", 40000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("198.51.100.7", 40000);
    private final ClientAddresses addresses = new ClientAddresses();

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(addresses.clientOf(PROXY, List.of("203.0.113.9"), List.of())).isEqualTo("10.0.0.5");
    }

    @Test
    void aPeerThatIsNoTrustedProxyCannotChooseItsAddress() {
        assertThat(addresses.clientOf(STRANGER, List.of("203.0.113.9"), List.of("10.0.0.0/8")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void fromATrustedProxyTheRightmostAddressThatIsNotAProxyIsTheClient() {
        List<String> trusted = List.of("10.0.0.0/8", "192.168.1.1");

        assertThat(addresses.clientOf(PROXY, List.of("203.0.113.9"), trusted)).isEqualTo("203.0.113.9");
        // the client forged the leftmost entry; the proxies appended the rest
        assertThat(addresses.clientOf(PROXY, List.of("1.2.3.4, 203.0.113.9, 192.168.1.1"), trusted))
                .isEqualTo("203.0.113.9");
        assertThat(addresses.clientOf(PROXY, List.of("1.2.3.4", "203.0.113.9, 10.1.1.1"), trusted))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void garbageInTheHeaderStopsTheWalkAtTheLastGoodAddress() {
        List<String> trusted = List.of("10.0.0.0/8");

        assertThat(addresses.clientOf(PROXY, List.of("evil.example, 203.0.113.9"), trusted)).isEqualTo("203.0.113.9");
        assertThat(addresses.clientOf(PROXY, List.of("not-an-ip"), trusted)).isEqualTo("10.0.0.5");
        assertThat(addresses.clientOf(PROXY, List.of(), trusted)).isEqualTo("10.0.0.5");
        // IPv6, bracketed or not, in canonical form
        assertThat(addresses.clientOf(PROXY, List.of("[2001:db8::1]"), trusted)).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void rangesMatchByPrefix() {
        IpRange eight = IpRange.parse("10.0.0.0/8").orElseThrow();
        IpRange odd = IpRange.parse("192.168.0.0/23").orElseThrow();
        IpRange v6 = IpRange.parse("fd00::/8").orElseThrow();

        assertThat(eight.contains(new byte[] {10, 9, 8, 7})).isTrue();
        assertThat(eight.contains(new byte[] {11, 0, 0, 1})).isFalse();
        assertThat(odd.contains(new byte[] {(byte) 192, (byte) 168, 1, (byte) 200})).isTrue();
        assertThat(odd.contains(new byte[] {(byte) 192, (byte) 168, 2, 1})).isFalse();
        assertThat(v6.contains(IpRange.parse("fd12::1").orElseThrow().network())).isTrue();
        assertThat(v6.contains(new byte[] {10, 0, 0, 1})).isFalse();
    }

    @Test
    void onlyLiteralsWithSanePrefixesParse() {
        assertThat(IpRange.parse("10.0.0.1")).isPresent();
        assertThat(IpRange.parse("::1/128")).isPresent();
        assertThat(IpRange.parse("0.0.0.0/0")).isPresent();
        assertThat(IpRange.parse("proxy.internal")).isEmpty();
        assertThat(IpRange.parse("10.0.0.0/33")).isEmpty();
        assertThat(IpRange.parse("10.0.0.0/")).isEmpty();
        assertThat(IpRange.parse("10.0.0.0/-1")).isEmpty();
        assertThat(IpRange.parse("10.0.0/8")).isEmpty();
    }
}
