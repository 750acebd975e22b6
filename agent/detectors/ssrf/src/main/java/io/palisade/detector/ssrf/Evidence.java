package io.palisade.detector.ssrf;

import java.util.List;

/**
 * The evidence rule: which request value chose where an outbound URL goes. A value chose a part
 * when one of its occurrences in the URL covers the whole scheme, the whole host, the end of the
 * host from a dot on (the registrable domain: {@code "https://api" + ".evil.example"}), or the
 * whole port. A value inside the path or query of a fixed host chose nothing; nor does a value that
 * only fills one label in front of a fixed domain ({@code tenant.saas.example}).
 */
public final class Evidence {
  private final int valueIndex;
  private final UrlPart part;

  private Evidence(int valueIndex, UrlPart part) {
    this.valueIndex = valueIndex;
    this.part = part;
  }

  /** Index into the values of the first value that chose a part, or null when none did. */
  public static Evidence find(OutboundUrl url, List<String> values) {
    String text = url.text();
    Evidence best = null;
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value == null || value.isEmpty() || value.length() > text.length()) {
        continue;
      }
      for (int at = indexOfIgnoreCase(text, value, 0); at >= 0; at = indexOfIgnoreCase(text, value, at + 1)) {
        UrlPart part = partChosen(url, at, at + value.length());
        if (part == UrlPart.SCHEME || part == UrlPart.HOST) {
          return new Evidence(i, part);
        }
        if (part != null && best == null) {
          best = new Evidence(i, part);
        }
      }
    }
    return best;
  }

  private static UrlPart partChosen(OutboundUrl url, int start, int end) {
    if (start == 0 && end >= url.schemeEnd()) {
      return url.hostEnd() > url.hostStart() && end >= url.hostEnd() ? UrlPart.HOST : UrlPart.SCHEME;
    }
    int hostStart = url.hostStart();
    int hostEnd = url.hostEnd();
    if (hostEnd > hostStart && start < hostEnd && end > hostStart) {
      if (start <= hostStart && end >= hostEnd) {
        return UrlPart.HOST;
      }
      if (end >= hostEnd && url.text().lastIndexOf('.', hostEnd - 1) >= Math.max(start, hostStart)) {
        return UrlPart.HOST;
      }
    }
    // A value that wrote into the userinfo up to the host ("good.example@" + ...) moved it too.
    if (start >= url.authorityStart() && start < hostStart && end >= hostStart) {
      return UrlPart.HOST;
    }
    int portStart = url.portStart();
    int portEnd = url.portEnd();
    if (portStart >= 0 && portEnd > portStart && start <= portStart && end >= portEnd) {
      return UrlPart.PORT;
    }
    return null;
  }

  private static int indexOfIgnoreCase(String text, String value, int from) {
    int last = text.length() - value.length();
    for (int i = from; i <= last; i++) {
      if (text.regionMatches(true, i, value, 0, value.length())) {
        return i;
      }
    }
    return -1;
  }

  public int valueIndex() {
    return valueIndex;
  }

  public UrlPart part() {
    return part;
  }
}
