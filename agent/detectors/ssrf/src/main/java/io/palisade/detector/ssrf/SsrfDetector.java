package io.palisade.detector.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Server-side request forgery on evidence: a request value chose the scheme, the host or the port
 * of an outbound URL ({@link Evidence}), and the URL leaves HTTP (file, jar, gopher, ...) or goes to
 * an internal address. The host is resolved once, as the client will resolve it, and every address
 * is checked: a name with one public and one internal address is internal.
 */
public final class SsrfDetector {
  /** Cloud metadata services reached by name. */
  private static final Set<String> METADATA_NAMES =
      new HashSet<>(Arrays.asList(
          "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal",
          "metadata.tencentyun.com", "metadata.platformequinix.com"));

  private final HostResolver resolver;

  public SsrfDetector(HostResolver resolver) {
    this.resolver = resolver;
  }

  /** The finding for this URL, or null when no request value chose where it goes or it goes nowhere internal. */
  public SsrfFinding detect(OutboundUrl url, List<String> values) {
    if (url == null || values.isEmpty()) {
      return null;
    }
    Evidence evidence = Evidence.find(url, values);
    if (evidence == null) {
      return null;
    }
    if (!url.isHttp() && !"ws".equals(url.scheme()) && !"wss".equals(url.scheme())) {
      return new SsrfFinding(evidence, url, null,
          "the request chose the " + evidence.part().id() + " of a " + url.scheme() + ": URL, which is not HTTP");
    }
    Destination destination = destinationOf(url);
    if (!destination.isInternal()) {
      return null;
    }
    return new SsrfFinding(evidence, url, destination, reasonFor(evidence.part(), url, destination));
  }

  /**
   * Where the URL goes, for a redirect target or the egress policy: the host's addresses and their
   * most internal class. Never throws for an unknown name (the client fails on it as well).
   */
  public Destination destinationOf(OutboundUrl url) {
    NormalisedHost host = url.host();
    String name = host.name();
    if (METADATA_NAMES.contains(name)) {
      return new Destination(AddressClass.METADATA, Collections.<String>emptyList(), name, false);
    }
    if (host.isLiteral()) {
      byte[] literal = host.literal();
      String text = format(literal);
      AddressClass addressClass = AddressClass.of(literal);
      return new Destination(addressClass, Collections.singletonList(text), addressClass.isInternal() ? text : null, true,
          Collections.singletonList(literal));
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      // RFC 6761: never sent to DNS, always loopback.
      return new Destination(AddressClass.LOOPBACK, Collections.<String>emptyList(), name, false);
    }
    if (name.isEmpty()) {
      return new Destination(AddressClass.PUBLIC, Collections.<String>emptyList(), null, false);
    }
    InetAddress[] resolved;
    try {
      resolved = resolver.resolve(name);
    } catch (UnknownHostException | SecurityException | IllegalArgumentException unknown) {
      return new Destination(AddressClass.PUBLIC, Collections.<String>emptyList(), null, false);
    }
    List<String> addresses = new ArrayList<>(resolved.length);
    List<byte[]> bytes = new ArrayList<>(resolved.length);
    AddressClass worst = AddressClass.PUBLIC;
    String internal = null;
    for (InetAddress address : resolved) {
      String text = address.getHostAddress();
      addresses.add(text);
      bytes.add(address.getAddress());
      AddressClass addressClass = AddressClass.of(address.getAddress());
      if (addressClass.isInternal() && internal == null) {
        worst = addressClass;
        internal = text;
      }
    }
    return new Destination(worst, addresses, internal, true, bytes);
  }

  private static String reasonFor(UrlPart part, OutboundUrl url, Destination destination) {
    String where = destination.addressClass().description() + " address " + destination.internalAddress();
    if (destination.addresses().isEmpty() || destination.addresses().equals(Collections.singletonList(destination.internalAddress()))) {
      if (destination.addressClass() == AddressClass.METADATA && !url.host().isLiteral()) {
        where = "cloud metadata service " + destination.internalAddress();
      } else if (!url.host().isLiteral()) {
        where = destination.addressClass().description() + " name " + destination.internalAddress();
      }
    } else {
      where += " (" + url.host().name() + " resolves to " + String.join(", ", destination.addresses()) + ")";
    }
    return "the request chose the " + part.id() + " of an outbound URL that reaches the " + where;
  }

  static String format(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      return Arrays.toString(address);
    }
  }
}
