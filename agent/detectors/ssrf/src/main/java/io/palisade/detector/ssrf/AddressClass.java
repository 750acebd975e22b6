package io.palisade.detector.ssrf;

/** What kind of network an address belongs to; everything but {@link #PUBLIC} is internal. */
public enum AddressClass {
  LOOPBACK("loopback"),
  PRIVATE("private (RFC 1918)"),
  LINK_LOCAL("link-local"),
  CGNAT("shared address space (CGNAT, RFC 6598)"),
  UNIQUE_LOCAL("unique-local IPv6"),
  UNSPECIFIED("unspecified"),
  MULTICAST("multicast"),
  BROADCAST("broadcast"),
  RESERVED("reserved"),
  METADATA("cloud metadata"),
  PUBLIC("public");

  private final String description;

  AddressClass(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public boolean isInternal() {
    return this != PUBLIC;
  }

  /**
   * Classifies an IPv4 (4 bytes) or IPv6 (16 bytes) address. IPv6 forms that carry an IPv4 address
   * (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4
   * {@code 2002::/16}) are classified by the IPv4 address they reach.
   */
  public static AddressClass of(byte[] address) {
    if (address == null) {
      return PUBLIC;
    }
    if (address.length == 4) {
      return ofIpv4(address);
    }
    if (address.length != 16) {
      return RESERVED;
    }
    byte[] embedded = embeddedIpv4(address);
    if (embedded != null) {
      return ofIpv4(embedded);
    }
    if (isMetadataV6(address)) {
      return METADATA;
    }
    int first = address[0] & 0xff;
    int second = address[1] & 0xff;
    boolean allZeroButLast = true;
    for (int i = 0; i < 15; i++) {
      allZeroButLast &= address[i] == 0;
    }
    if (allZeroButLast && address[15] == 1) {
      return LOOPBACK;
    }
    if (allZeroButLast && address[15] == 0) {
      return UNSPECIFIED;
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return LINK_LOCAL;
    }
    if (first == 0xfe && (second & 0xc0) == 0xc0) {
      return PRIVATE; // deprecated site-local fec0::/10, still routed internally
    }
    if ((first & 0xfe) == 0xfc) {
      return UNIQUE_LOCAL;
    }
    if (first == 0xff) {
      return MULTICAST;
    }
    if (first == 0x01 && second == 0 && isZero(address, 2, 8)) {
      return RESERVED; // discard-only 100::/64
    }
    return PUBLIC;
  }

  private static AddressClass ofIpv4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    int b2 = a[2] & 0xff;
    int b3 = a[3] & 0xff;
    if (b0 == 169 && b1 == 254 && b2 == 169 && b3 == 254) {
      return METADATA; // AWS, GCP, Azure, OpenStack, DigitalOcean, ...
    }
    if (b0 == 100 && b1 == 100 && b2 == 100 && b3 == 200) {
      return METADATA; // Alibaba Cloud
    }
    if (b0 == 127) {
      return LOOPBACK;
    }
    if (b0 == 0) {
      return UNSPECIFIED; // 0.0.0.0/8: "this network", which Linux connects to loopback
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return PRIVATE;
    }
    if (b0 == 169 && b1 == 254) {
      return LINK_LOCAL;
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return CGNAT;
    }
    if (b0 >= 224 && b0 <= 239) {
      return MULTICAST;
    }
    if (b0 == 255 && b1 == 255 && b2 == 255 && b3 == 255) {
      return BROADCAST;
    }
    if (b0 >= 240 || (b0 == 192 && b1 == 0 && b2 == 0) || (b0 == 198 && (b1 & 0xfe) == 18)) {
      return RESERVED; // class E, IETF protocol assignments, benchmarking networks
    }
    return PUBLIC;
  }

  private static byte[] embeddedIpv4(byte[] a) {
    boolean mapped = isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    boolean compatible = isZero(a, 0, 12) && !(a[12] == 0 && a[13] == 0 && a[14] == 0 && (a[15] == 0 || a[15] == 1));
    boolean nat64 = a[0] == 0 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && isZero(a, 4, 12);
    if (mapped || compatible || nat64) {
      return new byte[] {a[12], a[13], a[14], a[15]};
    }
    if ((a[0] & 0xff) == 0x20 && a[1] == 0x02) {
      return new byte[] {a[2], a[3], a[4], a[5]}; // 6to4
    }
    return null;
  }

  /** fd00:ec2::254, the AWS metadata service over IPv6. */
  private static boolean isMetadataV6(byte[] a) {
    return (a[0] & 0xff) == 0xfd && a[1] == 0 && (a[2] & 0xff) == 0x0e && (a[3] & 0xff) == 0xc2
        && isZero(a, 4, 14) && a[14] == 0x02 && a[15] == 0x54;
  }

  private static boolean isZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
