package io.palisade.detector.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Attack and benign lists per trick. Every name resolves through a fake resolver: no test touches
 * the network. The closing table (detection and false-positive counts per trick) is printed.
 */
class SsrfDetectorTest {
  private static final Map<String, String[]> DNS = new LinkedHashMap<>();

  static {
    DNS.put("api.example.test", new String[] {"93.184.216.34"});
    DNS.put("images.example.test", new String[] {"93.184.216.35", "2606:2800:220:1::1"});
    DNS.put("internal.example.test", new String[] {"10.1.2.3"});
    DNS.put("mixed.example.test", new String[] {"93.184.216.34", "192.168.1.10"});
    DNS.put("v6internal.example.test", new String[] {"fd12::1"});
    DNS.put("127.0.0.1.nip.io", new String[] {"127.0.0.1"});
    DNS.put("api.127.0.0.1.nip.io", new String[] {"127.0.0.1"});
    DNS.put("xn--bcher-kva.example.test", new String[] {"10.0.0.9"}); // bücher.example.test
    DNS.put("tenant1.saas.example.test", new String[] {"93.184.216.40"});
  }

  static final HostResolver FAKE = host -> {
    String[] addresses = DNS.get(host);
    if (addresses == null) {
      throw new UnknownHostException(host);
    }
    InetAddress[] result = new InetAddress[addresses.length];
    for (int i = 0; i < addresses.length; i++) {
      result[i] = InetAddress.getByAddress(host, InetAddress.getByName(addresses[i]).getAddress());
    }
    return result;
  };

  private final SsrfDetector detector = new SsrfDetector(FAKE);

  /** A case: the URL the application built and the request value that went into it. */
  private static final class Case {
    final String trick;
    final String url;
    final String value;

    Case(String trick, String url, String value) {
      this.trick = trick;
      this.url = url;
      this.value = value;
    }
  }

  private static Case whole(String trick, String url) {
    return new Case(trick, url, url);
  }

  private static final List<Case> ATTACKS = Arrays.asList(
      whole("plain internal", "http://127.0.0.1:8080/admin"),
      whole("plain internal", "http://10.0.0.1/"),
      whole("plain internal", "http://172.16.5.4/"),
      whole("plain internal", "http://192.168.0.1/router"),
      whole("plain internal", "http://100.64.0.1/"),
      whole("plain internal", "http://0.0.0.0:8080/"),
      whole("plain internal", "http://localhost/"),
      whole("plain internal", "http://app.localhost/"),
      whole("plain internal", "http://224.0.0.1/"),
      whole("metadata", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
      whole("metadata", "http://metadata.google.internal/computeMetadata/v1/"),
      whole("metadata", "http://[fd00:ec2::254]/latest/meta-data/"),
      whole("metadata", "http://100.100.100.200/latest/meta-data/"),
      whole("metadata", "http://169.254.170.2/v2/credentials"),
      whole("decimal ipv4", "http://2130706433/"),
      whole("decimal ipv4", "http://2852039166/latest/meta-data/"),
      whole("octal ipv4", "http://0177.0.0.1/"),
      whole("octal ipv4", "http://0251.0376.0251.0376/"),
      whole("hex ipv4", "http://0x7f000001/"),
      whole("hex ipv4", "http://0x7f.0x0.0x0.0x1/"),
      whole("hex ipv4", "http://0xa9.0xfe.0xa9.0xfe/"),
      whole("short ipv4", "http://127.1/"),
      whole("short ipv4", "http://10.1/"),
      whole("short ipv4", "http://169.254.43518/"),
      whole("ipv6", "http://[::1]/"),
      whole("ipv6", "http://[0:0:0:0:0:0:0:1]:8080/"),
      whole("ipv6", "http://[fe80::1%25eth0]/"),
      whole("ipv6", "http://[fc00::5]/"),
      whole("ipv6", "http://[::]/"),
      whole("ipv4-mapped ipv6", "http://[::ffff:127.0.0.1]/"),
      whole("ipv4-mapped ipv6", "http://[::ffff:a9fe:a9fe]/"),
      whole("ipv4-mapped ipv6", "http://[64:ff9b::10.0.0.1]/"),
      whole("ipv4-mapped ipv6", "http://[2002:7f00:1::]/"),
      whole("trailing dot", "http://localhost./"),
      whole("trailing dot", "http://127.0.0.1./"),
      whole("trailing dot", "http://metadata.google.internal./computeMetadata/v1/"),
      whole("case", "HTTP://LOCALHOST/"),
      whole("case", "http://METADATA.GOOGLE.INTERNAL/"),
      whole("percent-encoding", "http://%31%32%37.0.0.1/"),
      whole("percent-encoding", "http://local%68ost/"),
      whole("idn", "http://bücher.example.test/"),
      whole("idn", "http://１２７.０.０.１/"),
      whole("userinfo", "http://api.example.test@127.0.0.1/"),
      whole("userinfo", "http://user:pass@169.254.169.254/"),
      whole("userinfo", "http://api.example.test:443@10.0.0.1/"),
      whole("dns", "http://internal.example.test/"),
      whole("dns", "http://127.0.0.1.nip.io/"),
      whole("dns", "http://mixed.example.test/"),
      whole("dns", "http://v6internal.example.test/"),
      whole("scheme", "file:///etc/passwd"),
      whole("scheme", "jar:file:///tmp/x.jar!/"),
      whole("scheme", "gopher://127.0.0.1:6379/_FLUSHALL"),
      whole("scheme", "ftp://internal.example.test/"),
      whole("scheme", "netdoc:///etc/passwd"),
      whole("scheme", "dict://api.example.test:11211/"),
      new Case("host only", "http://127.0.0.1/api/v1/preview", "127.0.0.1"),
      new Case("host only", "https://169.254.169.254:443/x", "169.254.169.254"),
      new Case("host only", "http://10.0.0.7:8080/hook", "10.0.0.7:8080"),
      new Case("port only", "http://localhost:6379/", "6379"),
      new Case("port only", "http://10.0.0.5:22/ping", "22"),
      new Case("domain suffix", "http://api.127.0.0.1.nip.io/", ".127.0.0.1.nip.io"),
      new Case("host prefix", "http://127.0.0.1#.api.example.test/", "127.0.0.1#"),
      new Case("host prefix", "http://127.0.0.1/.api.example.test/", "127.0.0.1/"));

  private static final List<Case> BENIGN = Arrays.asList(
      whole("plain internal", "https://api.example.test/v1/items"),
      whole("plain internal", "http://93.184.216.34/"),
      whole("plain internal", "http://8.8.8.8/"),
      whole("plain internal", "http://172.32.0.1/"),
      whole("plain internal", "http://100.128.0.1/"),
      whole("metadata", "https://api.example.test/metadata/169.254.169.254"),
      whole("decimal ipv4", "http://1572395042/"),
      whole("octal ipv4", "http://0135.0270.0330.042/"),
      whole("hex ipv4", "http://0x5db8d822/"),
      whole("short ipv4", "http://93.12113954/"),
      whole("ipv6", "http://[2606:2800:220:1::1]/"),
      whole("ipv4-mapped ipv6", "http://[::ffff:93.184.216.34]/"),
      whole("trailing dot", "https://api.example.test./"),
      whole("case", "HTTPS://API.EXAMPLE.TEST/"),
      whole("percent-encoding", "https://api.example.test/a%2F..%2F127.0.0.1"),
      whole("idn", "https://images.example.test/bücher"),
      whole("userinfo", "http://127.0.0.1@api.example.test/"),
      whole("userinfo", "https://localhost:secret@api.example.test/"),
      whole("dns", "https://images.example.test/cover.png"),
      whole("dns", "https://unknown-name.example.test/"),
      whole("scheme", "https://api.example.test/file:///etc/passwd"),
      new Case("query value", "https://api.example.test/search?q=http://127.0.0.1/", "http://127.0.0.1/"),
      new Case("query value", "http://127.0.0.1:8081/internal/search?q=localhost", "localhost"),
      new Case("query value", "http://10.0.0.5/lookup?host=10.0.0.5", "10.0.0.5x"),
      new Case("path value", "http://localhost:9000/users/42/avatar", "42"),
      new Case("path value", "http://internal.example.test/books/127.0.0.1", "127.0.0.1"),
      new Case("path value", "http://10.0.0.5/a/6379", "6379"),
      new Case("tenant label", "https://tenant1.saas.example.test/api", "tenant1"),
      new Case("short value", "http://10.0.0.1/", "1"),
      new Case("short value", "http://10.0.0.1/", "0"),
      new Case("short value", "http://localhost:8080/", "80"));

  @Test
  void everyAttackIsFoundAndNoBenignLookAlikeIsPerTrick() {
    Map<String, int[]> perTrick = new LinkedHashMap<>();
    List<String> missed = new ArrayList<>();
    List<String> falsePositives = new ArrayList<>();
    for (Case attack : ATTACKS) {
      SsrfFinding finding = detector.detect(OutboundUrl.parse(attack.url), Collections.singletonList(attack.value));
      perTrick.computeIfAbsent(attack.trick, t -> new int[4])[finding != null ? 0 : 1]++;
      if (finding == null) {
        missed.add(attack.url);
      }
    }
    for (Case benign : BENIGN) {
      SsrfFinding finding = detector.detect(OutboundUrl.parse(benign.url), Collections.singletonList(benign.value));
      perTrick.computeIfAbsent(benign.trick, t -> new int[4])[finding != null ? 2 : 3]++;
      if (finding != null) {
        falsePositives.add(benign.url + " <- " + benign.value + ": " + finding.reason());
      }
    }
    StringBuilder table = new StringBuilder("trick | attacks detected | benign flagged\n");
    perTrick.forEach((trick, n) ->
        table.append(trick).append(" | ").append(n[0]).append('/').append(n[0] + n[1])
            .append(" | ").append(n[2]).append('/').append(n[2] + n[3]).append('\n'));
    System.out.println(table);
    assertThat(missed).as("attacks missed").isEmpty();
    assertThat(falsePositives).as("benign look-alikes flagged").isEmpty();
  }

  @Test
  void findingsNameThePartTheValueAndTheAddress() {
    SsrfFinding finding = detector.detect(OutboundUrl.parse("http://mixed.example.test/x"),
        Arrays.asList("unrelated", "http://mixed.example.test/x"));
    assertThat(finding.valueIndex()).isEqualTo(1);
    assertThat(finding.part()).isEqualTo(UrlPart.HOST);
    assertThat(finding.destination().addresses()).containsExactly("93.184.216.34", "192.168.1.10");
    assertThat(finding.reason()).contains("192.168.1.10").contains("mixed.example.test resolves to");

    SsrfFinding port = detector.detect(OutboundUrl.parse("http://localhost:6379/"), Collections.singletonList("6379"));
    assertThat(port.part()).isEqualTo(UrlPart.PORT);

    SsrfFinding scheme = detector.detect(OutboundUrl.parse("file:///etc/passwd"), Collections.singletonList("file:///etc/passwd"));
    assertThat(scheme.reason()).contains("file: URL");
  }

  @Test
  void userinfoIsRedactedAndTheHostIsTheOneAfterTheLastAt() {
    OutboundUrl url = OutboundUrl.parse("http://user:s3cret@api.example.test@127.0.0.1:8080/x");
    assertThat(url.host().name()).isEqualTo("127.0.0.1");
    assertThat(url.port()).isEqualTo(8080);
    assertThat(url.redacted()).isEqualTo("http://***@127.0.0.1:8080/x").doesNotContain("s3cret");
    assertThat(OutboundUrl.parse("https://api.example.test/").port()).isEqualTo(443);
    assertThat(OutboundUrl.parse("not a url")).isNull();
  }

  @Test
  void ipv4SpellingsAreReadAsTheResolverReadsThem() {
    assertThat(NormalisedHost.of("2130706433").literal()).containsExactly(127, 0, 0, 1);
    assertThat(NormalisedHost.of("0x7f.1").literal()).containsExactly(127, 0, 0, 1);
    assertThat(NormalisedHost.of("017700000001").literal()).containsExactly(127, 0, 0, 1);
    assertThat(NormalisedHost.of("10.1.256").literal()).containsExactly(10, 1, 1, 0);
    assertThat(NormalisedHost.of("256.1.1.1").literal()).isNull();
    assertThat(NormalisedHost.of("4294967296").literal()).isNull();
    assertThat(NormalisedHost.of("1.2.3.4.5").literal()).isNull();
    assertThat(NormalisedHost.of("08.1.1.1").literal()).isNull();
    assertThat(NormalisedHost.of("cafe.example").literal()).isNull();
    assertThat(NormalisedHost.of("0xcafe.example").literal()).isNull();
  }

  @Test
  void aNameThatTurnsInternalIsSeenInternalOnceTheCacheEntryExpires() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    HostResolver rebinding = host -> {
      String address = lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1";
      return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())};
    };
    AtomicLong now = new AtomicLong();
    CachingResolver cache = new CachingResolver(rebinding, 2_000, 16, now::get);
    SsrfDetector rebindingDetector = new SsrfDetector(cache);
    List<String> values = Collections.singletonList("http://rebind.example.test/");
    OutboundUrl url = OutboundUrl.parse("http://rebind.example.test/");

    assertThat(rebindingDetector.detect(url, values)).as("first answer: public").isNull();
    assertThat(rebindingDetector.detect(url, values)).as("cached within the TTL").isNull();
    assertThat(lookups.get()).isEqualTo(1);
    now.addAndGet(2_000_000_001L);
    SsrfFinding rebound = rebindingDetector.detect(url, values);
    assertThat(rebound).as("after the TTL the internal answer is seen").isNotNull();
    assertThat(rebound.destination().internalAddress()).isEqualTo("127.0.0.1");
    assertThat(lookups.get()).isEqualTo(2);
  }

  @Test
  void theCacheIsBoundedAndFailuresAreNotCached() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    HostResolver resolver = host -> {
      lookups.incrementAndGet();
      if (host.startsWith("missing")) {
        throw new UnknownHostException(host);
      }
      return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34})};
    };
    CachingResolver cache = new CachingResolver(resolver, 60_000, 3);
    for (int i = 0; i < 10; i++) {
      cache.resolve("host" + i + ".example.test");
    }
    assertThat(cache.size()).isEqualTo(3);
    for (int i = 0; i < 2; i++) {
      try {
        cache.resolve("missing.example.test");
      } catch (UnknownHostException expected) {
        // the client fails on it as well
      }
    }
    assertThat(lookups.get()).isEqualTo(12);
  }

  @Test
  void addressClasses() throws Exception {
    assertThat(AddressClass.of(InetAddress.getByName("172.31.255.255").getAddress())).isEqualTo(AddressClass.PRIVATE);
    assertThat(AddressClass.of(InetAddress.getByName("100.127.255.255").getAddress())).isEqualTo(AddressClass.CGNAT);
    assertThat(AddressClass.of(InetAddress.getByName("fe80::1").getAddress())).isEqualTo(AddressClass.LINK_LOCAL);
    assertThat(AddressClass.of(InetAddress.getByName("ff02::1").getAddress())).isEqualTo(AddressClass.MULTICAST);
    assertThat(AddressClass.of(InetAddress.getByName("fd00:ec2::254").getAddress())).isEqualTo(AddressClass.METADATA);
    assertThat(AddressClass.of(InetAddress.getByName("2001:4860:4860::8888").getAddress())).isEqualTo(AddressClass.PUBLIC);
    assertThat(AddressClass.of(InetAddress.getByName("255.255.255.255").getAddress())).isEqualTo(AddressClass.BROADCAST);
  }
}
