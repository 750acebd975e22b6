package io.palisade.engine.context;

import io.palisade.policy.IpRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who the client is. The socket peer, unless the peer is one of the policy's trusted proxies: then
 * the forwarding headers ({@code Forwarded}, else {@code X-Forwarded-For}) are read right to left,
 * skipping trusted proxies, and the first other address is the client. A forwarding header sent by
 * an untrusted peer is ignored (anyone can write one) and remembered, so the event can say so.
 */
public final class ClientAddress {
  private final String clientIp;
  private final String peerIp;
  private final String ignoredForwardedFor;

  private ClientAddress(String clientIp, String peerIp, String ignoredForwardedFor) {
    this.clientIp = clientIp;
    this.peerIp = peerIp;
    this.ignoredForwardedFor = ignoredForwardedFor;
  }

  static ClientAddress resolve(String peer, String forwarded, String xForwardedFor, List<IpRange> trustedProxies) {
    String header = forwarded != null ? forwarded : xForwardedFor;
    if (header == null || header.trim().isEmpty()) {
      return new ClientAddress(peer, peer, null);
    }
    if (!isTrusted(peer, trustedProxies)) {
      return new ClientAddress(peer, peer, header.trim());
    }
    List<String> hops = forwarded != null ? forwardedForHops(forwarded) : xForwardedForHops(xForwardedFor);
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (IpRange.literal(hop) == null) {
        break; // an obfuscated or garbled hop: stop at the last address we can vouch for
      }
      client = hop;
      if (!isTrusted(hop, trustedProxies)) {
        break;
      }
    }
    return new ClientAddress(client, peer, null);
  }

  private static boolean isTrusted(String address, List<IpRange> trustedProxies) {
    for (IpRange proxy : trustedProxies) {
      if (proxy.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> xForwardedForHops(String header) {
    List<String> hops = new ArrayList<>();
    for (String hop : header.split(",")) {
      hops.add(stripPort(hop.trim()));
    }
    return hops;
  }

  /** RFC 7239: {@code Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"}. */
  private static List<String> forwardedForHops(String header) {
    List<String> hops = new ArrayList<>();
    for (String element : header.split(",")) {
      for (String pair : element.split(";")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
          String value = pair.substring(equals + 1).trim();
          if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
            value = value.substring(1, value.length() - 1);
          }
          hops.add(stripPort(value));
        }
      }
    }
    return hops;
  }

  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close > 0 ? hop.substring(1, close) : hop;
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
      return hop.substring(0, colon); // IPv4 with a port
    }
    return hop;
  }

  public String clientIp() {
    return clientIp;
  }

  public String peerIp() {
    return peerIp;
  }

  /** The forwarding header an untrusted peer sent, or null. */
  public String ignoredForwardedFor() {
    return ignoredForwardedFor;
  }
}
