package io.palisade.detector.ssrf;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A URL's host as a resolver sees it: percent-decoded, lower case, without trailing dots or IPv6
 * brackets, IDN turned into ASCII, and every IPv4 spelling the C resolver accepts (decimal
 * {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, short {@code 127.1}) read as the
 * address it means: {@code getaddrinfo}, which the JDK calls for names, accepts all of them.
 */
public final class NormalisedHost {
  private final String raw;
  private final String name;
  private final byte[] literal;

  private NormalisedHost(String raw, String name, byte[] literal) {
    this.raw = raw;
    this.name = name;
    this.literal = literal;
  }

  public static NormalisedHost of(String raw) {
    String host = percentDecode(raw == null ? "" : raw).trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int zone = host.indexOf('%');
    if (host.indexOf(':') >= 0) {
      // An IPv6 literal (a zone id after '%' names an interface, not another host).
      byte[] v6 = ipv6(zone >= 0 ? host.substring(0, zone) : host);
      return new NormalisedHost(raw, host, v6);
    }
    while (host.endsWith(".") && host.length() > 1) {
      host = host.substring(0, host.length() - 1);
    }
    // Full-width dots and digits (U+FF0E, U+3002, ...) become ASCII through IDN, as clients map them.
    String ascii = toAscii(host);
    byte[] v4 = ipv4(ascii);
    return new NormalisedHost(raw, ascii, v4);
  }

  /** The host as written in the URL. */
  public String raw() {
    return raw;
  }

  /** The normalised name (for an IP literal: its text as written, normalised). */
  public String name() {
    return name;
  }

  /** The address bytes when the host is an IP literal in any spelling, else null. */
  public byte[] literal() {
    return literal == null ? null : literal.clone();
  }

  public boolean isLiteral() {
    return literal != null;
  }

  public boolean isEmpty() {
    return name.isEmpty();
  }

  private static String toAscii(String host) {
    try {
      return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException notIdn) {
      return host;
    }
  }

  private static String percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** inet_aton: one to four parts, each decimal, octal (leading 0) or hex (0x); the last fills the rest. */
  static byte[] ipv4(String host) {
    if (host.isEmpty() || host.length() > 64) {
      return null;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long value = number(parts[i]);
      if (value == null) {
        return null;
      }
      values[i] = value;
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return null;
      }
      address |= values[i] << (24 - 8 * i);
    }
    long last = values[parts.length - 1];
    long lastMax = (1L << (8 * (5 - parts.length))) - 1;
    if (last > lastMax) {
      return null;
    }
    address |= last;
    return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
  }

  private static Long number(String part) {
    if (part.isEmpty()) {
      return null;
    }
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x")) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return 0L;
      }
    } else if (part.length() > 1 && part.charAt(0) == '0') {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.length() > 11) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = Character.digit(digits.charAt(i), radix);
      if (d < 0 || digits.charAt(i) > 'f') {
        return null;
      }
      value = value * radix + d;
    }
    return value;
  }

  private static byte[] ipv6(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
        return null;
      }
    }
    try {
      // A literal: InetAddress parses it without any lookup.
      byte[] bytes = InetAddress.getByName("[" + host + "]").getAddress();
      return bytes;
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
