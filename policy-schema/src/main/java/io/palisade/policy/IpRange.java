package io.palisade.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code fd00::/8}, or one address). Never resolves names.
 * Used by the policy (exclusions by client) and by the engine (trusted proxies, access rules, egress).
 */
public final class IpRange {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  private final byte[] network;
  private final int prefixBits;
  private final String text;

  private IpRange(byte[] network, int prefixBits, String text) {
    this.network = network;
    this.prefixBits = prefixBits;
    this.text = text;
  }

  /** Parses {@code text}; throws IllegalArgumentException when it is not an address or network. */
  public static IpRange parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new IllegalArgumentException("not an IP address or CIDR network: " + text);
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in " + text);
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException("prefix length out of range in " + text);
      }
    }
    return new IpRange(bytes, bits, text);
  }

  /** The address bytes of an IP literal, or null when {@code text} is not one (no DNS lookup). */
  public static byte[] literal(String text) {
    if (text == null || text.isEmpty() || !IP_LITERAL.matcher(text).matches()) {
      return null;
    }
    if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null; // only dotted quads: 127.1 and friends are not client addresses
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  public boolean contains(String address) {
    byte[] bytes = literal(address);
    return bytes != null && contains(bytes);
  }

  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int fullBytes = prefixBits / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixBits % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = 0xff << (8 - remainingBits) & 0xff;
    return (address[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
