package io.palisade.engine.outbound;

import io.palisade.policy.IpRange;
import java.net.IDN;
import java.util.List;
import java.util.Locale;

/**
 * One {@code allow_hosts} / {@code deny_hosts} entry: an exact name ({@code api.stripe.com}), a
 * wildcard ({@code *.example.com}: every subdomain, not the domain itself), or an IP address or CIDR
 * network ({@code 10.0.0.0/8}), which matches an IP literal host or any address the name resolves to.
 */
final class HostPattern {
  private final String text;
  private final String exact;
  private final String suffix;
  private final IpRange network;

  private HostPattern(String text, String exact, String suffix, IpRange network) {
    this.text = text;
    this.exact = exact;
    this.suffix = suffix;
    this.network = network;
  }

  static HostPattern parse(String text) {
    String pattern = text.trim().toLowerCase(Locale.ROOT);
    if (pattern.startsWith("[") && pattern.endsWith("]")) {
      pattern = pattern.substring(1, pattern.length() - 1);
    }
    try {
      return new HostPattern(text, null, null, IpRange.parse(pattern));
    } catch (IllegalArgumentException notAnAddress) {
      // a name
    }
    while (pattern.endsWith(".")) {
      pattern = pattern.substring(0, pattern.length() - 1);
    }
    if (pattern.startsWith("*.")) {
      return new HostPattern(text, null, "." + ascii(pattern.substring(2)), null);
    }
    return new HostPattern(text, ascii(pattern), null, null);
  }

  private static String ascii(String name) {
    try {
      return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  boolean isNetwork() {
    return network != null;
  }

  /** Whether the normalised host name matches (names and wildcards only). */
  boolean matchesName(String host) {
    if (exact != null) {
      return exact.equals(host);
    }
    return suffix != null && host.endsWith(suffix) && host.length() > suffix.length();
  }

  /** Whether one of the addresses (IP literal or resolved) lies in this network. */
  boolean matchesAny(List<byte[]> addresses) {
    if (network == null) {
      return false;
    }
    for (byte[] address : addresses) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }
}
