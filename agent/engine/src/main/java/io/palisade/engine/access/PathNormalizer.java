package io.palisade.engine.access;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The path a container routes a request by, so access rules see what the servlet mapping sees: the
 * request URI without the context path, percent-decoded once, {@code ;} path parameters removed from
 * every segment, {@code //} collapsed, {@code .} and {@code ..} resolved (never above the root), and
 * lower-cased. Decisions err on the refusing side: a backslash and an encoded slash count as a
 * separator (some containers route them so), and matching ignores case ({@code /ADMIN} is refused like
 * {@code /admin}, even on a container that would answer 404).
 */
public final class PathNormalizer {
  private PathNormalizer() {}

  /** The normalised path of {@code requestUri} below {@code contextPath} (null or "" for the root). */
  public static String normalize(String requestUri, String contextPath) {
    String path = requestUri == null ? "/" : requestUri;
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    // Strip the scheme and authority of an absolute-form request target.
    if (path.startsWith("http://") || path.startsWith("https://")) {
      int slash = path.indexOf('/', path.indexOf("//") + 2);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    String routed = resolve(path);
    if (contextPath != null && !contextPath.isEmpty() && !contextPath.equals("/")) {
      String context = resolve(contextPath);
      if (routed.equals(context)) {
        return "/";
      }
      if (routed.startsWith(context + "/")) {
        return routed.substring(context.length());
      }
    }
    return routed;
  }

  private static String resolve(String raw) {
    Deque<String> segments = new ArrayDeque<>();
    // Path parameters belong to the raw segment they follow: remove them before decoding, as the
    // container does, so an encoded ";" (%3B) stays part of the name.
    for (String rawSegment : raw.replace('\\', '/').split("/", -1)) {
      int semicolon = rawSegment.indexOf(';');
      String withoutParameters = semicolon < 0 ? rawSegment : rawSegment.substring(0, semicolon);
      String decoded = decodeOnce(withoutParameters).replace('\\', '/');
      // An encoded slash or backslash: treat it as the separator it pretends not to be.
      for (String segment : decoded.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".")) {
          continue;
        }
        if (segment.equals("..")) {
          segments.pollLast();
          continue;
        }
        segments.addLast(segment);
      }
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (String segment : segments) {
      out.append('/').append(segment);
    }
    boolean trailingSlash = raw.endsWith("/") && !segments.isEmpty();
    if (out.length() == 0 || trailingSlash) {
      out.append('/');
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static String decodeOnce(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && isHex(raw, i + 1) && isHex(raw, i + 2)) {
        bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  private static boolean isHex(String s, int index) {
    return index < s.length() && Character.digit(s.charAt(index), 16) >= 0;
  }
}
