package io.palisade.engine.access;

import java.util.Locale;

/**
 * One {@code paths} entry of an access rule, matched against a {@link PathNormalizer normalised}
 * path. Servlet-mapping style: {@code /admin} (exact), {@code /admin/*} (the prefix and everything
 * below it), {@code *.jsp} (extension), {@code /} (everything). Ant style: {@code **} any number of
 * segments, {@code *} within one segment, {@code ?} one character; {@code /admin/**} also matches
 * {@code /admin} itself. A trailing slash on the request path does not matter.
 */
public final class PathPattern {
  private final String text;
  private final String[] antSegments;
  private final String prefix;
  private final String extension;
  private final String exact;

  private PathPattern(String text, String[] antSegments, String prefix, String extension, String exact) {
    this.text = text;
    this.antSegments = antSegments;
    this.prefix = prefix;
    this.extension = extension;
    this.exact = exact;
  }

  /** Parses a pattern; throws IllegalArgumentException with the reason when it is not one. */
  public static PathPattern parse(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("a path pattern must not be empty");
    }
    String lower = pattern.toLowerCase(Locale.ROOT);
    if (lower.startsWith("*.") && lower.indexOf('/') < 0 && lower.indexOf('*', 1) < 0) {
      return new PathPattern(pattern, null, null, lower.substring(1), null);
    }
    if (!lower.startsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with / (or is *.extension): " + pattern);
    }
    if (lower.equals("/") || lower.equals("/*") || lower.equals("/**")) {
      return new PathPattern(pattern, null, "", null, null);
    }
    if (lower.endsWith("/*") && lower.indexOf('*') == lower.length() - 1 && lower.indexOf('?') < 0) {
      return new PathPattern(pattern, null, trimTrailingSlash(lower.substring(0, lower.length() - 2)), null, null);
    }
    if (lower.indexOf('*') < 0 && lower.indexOf('?') < 0) {
      return new PathPattern(pattern, null, null, null, trimTrailingSlash(lower));
    }
    return new PathPattern(pattern, lower.substring(1).split("/", -1), null, null, null);
  }

  public boolean matches(String normalizedPath) {
    String path = trimTrailingSlash(normalizedPath);
    if (exact != null) {
      return path.equals(exact);
    }
    if (prefix != null) {
      return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }
    if (extension != null) {
      int lastSlash = path.lastIndexOf('/');
      return path.endsWith(extension) && path.length() - extension.length() > lastSlash + 1;
    }
    String[] segments = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    return matchSegments(antSegments, 0, segments, 0);
  }

  private static boolean matchSegments(String[] pattern, int p, String[] path, int s) {
    if (p == pattern.length) {
      return s == path.length;
    }
    if (pattern[p].equals("**")) {
      for (int skip = s; skip <= path.length; skip++) {
        if (matchSegments(pattern, p + 1, path, skip)) {
          return true;
        }
      }
      return false;
    }
    return s < path.length && matchSegment(pattern[p], 0, path[s], 0) && matchSegments(pattern, p + 1, path, s + 1);
  }

  private static boolean matchSegment(String pattern, int p, String text, int t) {
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == '*') {
        for (int skip = t; skip <= text.length(); skip++) {
          if (matchSegment(pattern, p + 1, text, skip)) {
            return true;
          }
        }
        return false;
      }
      if (t >= text.length() || (c != '?' && c != text.charAt(t))) {
        return false;
      }
      p++;
      t++;
    }
    return t == text.length();
  }

  private static String trimTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  @Override
  public String toString() {
    return text;
  }
}
