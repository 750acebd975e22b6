package io.palisade.detector.ssrf;

import java.util.Locale;

/**
 * An outbound URL split the way HTTP clients split it, with the character spans of its parts kept so
 * that the evidence rule can tell which part a request value wrote. The host is normalised as a
 * resolver would see it ({@link NormalisedHost}).
 */
public final class OutboundUrl {
  private final String text;
  private final String scheme;
  private final int authorityStart;
  private final int authorityEnd;
  private final int hostStart;
  private final int hostEnd;
  private final int portStart;
  private final int portEnd;
  private final int port;
  private final boolean hasUserInfo;
  private final NormalisedHost host;

  private OutboundUrl(String text, String scheme, int authorityStart, int authorityEnd, int hostStart, int hostEnd,
      int portStart, int portEnd, int port, boolean hasUserInfo) {
    this.text = text;
    this.scheme = scheme;
    this.authorityStart = authorityStart;
    this.authorityEnd = authorityEnd;
    this.hostStart = hostStart;
    this.hostEnd = hostEnd;
    this.portStart = portStart;
    this.portEnd = portEnd;
    this.port = port;
    this.hasUserInfo = hasUserInfo;
    this.host = NormalisedHost.of(text.substring(hostStart, hostEnd));
  }

  /** Parses an absolute URL; returns null when {@code text} has no scheme. Never resolves anything. */
  public static OutboundUrl parse(String text) {
    if (text == null) {
      return null;
    }
    // Clients strip surrounding whitespace and control characters before parsing.
    String url = text.trim();
    int colon = url.indexOf(':');
    if (colon <= 0 || !isScheme(url, colon)) {
      return null;
    }
    String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    int start = colon + 1;
    // "http:/x" and "http:\\x" are read as authorities by lenient parsers: count every leading slash.
    int slashes = start;
    while (slashes < url.length() && (url.charAt(slashes) == '/' || url.charAt(slashes) == '\\')) {
      slashes++;
    }
    if (slashes == start) {
      // "mailto:x", "jar:file:...": no authority; the scheme alone decides.
      return new OutboundUrl(url, scheme, start, start, start, start, -1, -1, -1, false);
    }
    int authorityStart = slashes;
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#\\".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    // The host follows the last '@' of the authority, as java.net.URI, OkHttp and Apache read it:
    // http://good.example@127.0.0.1/ goes to 127.0.0.1.
    int at = url.lastIndexOf('@', authorityEnd - 1);
    boolean userInfo = at >= authorityStart;
    int hostStart = userInfo ? at + 1 : authorityStart;
    int hostEnd;
    int portColon = -1;
    if (hostStart < authorityEnd && url.charAt(hostStart) == '[') {
      int close = url.indexOf(']', hostStart);
      hostEnd = close < 0 || close > authorityEnd ? authorityEnd : close + 1;
      if (hostEnd < authorityEnd && url.charAt(hostEnd) == ':') {
        portColon = hostEnd;
      }
    } else {
      int c = url.lastIndexOf(':', authorityEnd - 1);
      portColon = c >= hostStart ? c : -1;
      hostEnd = portColon >= 0 ? portColon : authorityEnd;
    }
    int port = defaultPort(scheme);
    int portStart = -1;
    int portEnd = -1;
    if (portColon >= 0) {
      portStart = portColon + 1;
      portEnd = authorityEnd;
      if (portEnd > portStart) {
        try {
          port = Integer.parseInt(url.substring(portStart, portEnd));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
    }
    return new OutboundUrl(url, scheme, authorityStart, authorityEnd, hostStart, hostEnd, portStart, portEnd, port, userInfo);
  }

  private static boolean isScheme(String url, int colon) {
    if (!Character.isLetter(url.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = url.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static int defaultPort(String scheme) {
    switch (scheme) {
      case "http":
      case "ws":
        return 80;
      case "https":
      case "wss":
        return 443;
      case "ftp":
        return 21;
      case "gopher":
        return 70;
      default:
        return -1;
    }
  }

  /** The URL as the client holds it (surrounding whitespace removed). */
  public String text() {
    return text;
  }

  /** Lower-case scheme. */
  public String scheme() {
    return scheme;
  }

  public boolean isHttp() {
    return "http".equals(scheme) || "https".equals(scheme);
  }

  public boolean isPlainHttp() {
    return "http".equals(scheme) || "ws".equals(scheme);
  }

  public NormalisedHost host() {
    return host;
  }

  /** The effective port (the scheme's default when none is written), -1 when unknown. */
  public int port() {
    return port;
  }

  /** Where the scheme ends (the ':'), for the evidence rule. */
  int schemeEnd() {
    return scheme.length();
  }

  int authorityStart() {
    return authorityStart;
  }

  int authorityEnd() {
    return authorityEnd;
  }

  int hostStart() {
    return hostStart;
  }

  int hostEnd() {
    return hostEnd;
  }

  int portStart() {
    return portStart;
  }

  int portEnd() {
    return portEnd;
  }

  /** The URL fit for a log: userinfo (a password, a token) replaced by {@code ***}. */
  public String redacted() {
    if (!hasUserInfo) {
      return text;
    }
    return text.substring(0, authorityStart) + "***@" + text.substring(hostStart);
  }

  @Override
  public String toString() {
    return redacted();
  }
}
