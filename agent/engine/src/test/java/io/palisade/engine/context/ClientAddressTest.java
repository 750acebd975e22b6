package io.palisade.engine.context;

import io.palisade.policy.IpRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private static final List<IpRange> PROXIES = Arrays.asList(IpRange.parse("10.0.0.0/8"), IpRange.parse("fd00::/8"));

  @Test
  void withoutForwardingHeadersTheClientIsThePeer() {
    ClientAddress address = ClientAddress.resolve("198.51.100.4", null, null, PROXIES);
    assertThat(address.clientIp()).isEqualTo("198.51.100.4");
    assertThat(address.ignoredForwardedFor()).isNull();
  }

  @Test
  void aSpoofedHeaderFromAnUntrustedPeerIsIgnoredAndRemembered() {
    ClientAddress address = ClientAddress.resolve("198.51.100.4", null, "127.0.0.1", PROXIES);
    assertThat(address.clientIp()).isEqualTo("198.51.100.4");
    assertThat(address.ignoredForwardedFor()).isEqualTo("127.0.0.1");
  }

  @Test
  void behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
    // the client wrote "1.2.3.4" itself; our proxies appended the real address and each other
    ClientAddress address =
        ClientAddress.resolve("10.0.0.5", null, "1.2.3.4, 203.0.113.9, 10.1.1.1", PROXIES);
    assertThat(address.clientIp()).isEqualTo("203.0.113.9");
    assertThat(address.peerIp()).isEqualTo("10.0.0.5");
    assertThat(address.ignoredForwardedFor()).isNull();
  }

  @Test
  void forwardedHeaderWithPortsAndIpv6() {
    ClientAddress address = ClientAddress.resolve(
        "fd00::1", "for=\"[2001:db8::17]:4711\";proto=https, for=10.2.3.4:8080", "9.9.9.9", PROXIES);
    assertThat(address.clientIp()).isEqualTo("2001:db8::17");
  }

  @Test
  void aGarbledHopStopsTheWalk() {
    ClientAddress address = ClientAddress.resolve("10.0.0.5", null, "203.0.113.9, unknown", PROXIES);
    assertThat(address.clientIp()).isEqualTo("10.0.0.5");
  }

  @Test
  void cidrMatching() {
    assertThat(IpRange.parse("172.16.0.0/12").contains("172.31.255.255")).isTrue();
    assertThat(IpRange.parse("172.16.0.0/12").contains("172.32.0.1")).isFalse();
    assertThat(IpRange.parse("192.168.1.10").contains("192.168.1.10")).isTrue();
    assertThat(IpRange.parse("192.168.1.10").contains("192.168.1.11")).isFalse();
    assertThat(IpRange.parse("fd00::/8").contains("fdff::1")).isTrue();
    assertThat(IpRange.parse("10.0.0.0/8").contains("fd00::1")).isFalse();
    assertThat(IpRange.parse("10.0.0.0/8").contains("localhost")).isFalse();
    assertThatThrownBy(() -> IpRange.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
  }
}
