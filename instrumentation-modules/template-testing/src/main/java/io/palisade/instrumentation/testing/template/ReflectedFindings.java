package io.palisade.instrumentation.testing.template;

import io.palisade.detector.xss.ReflectionMatcher;
import io.palisade.detector.xss.XssDetector;
import java.util.List;

/** How many reflected-XSS findings the detector's response-writer rule makes on a rendered page. */
public final class ReflectedFindings {
  private ReflectedFindings() {}

  /** The page written in one piece, with {@code value} as the request's only value. */
  public static int in(XssDetector detector, String page, String value) {
    return in(detector, page, value, Math.max(1, page.length()));
  }

  /** The page written in pieces of {@code writeLength} characters, as a page arrives from an engine. */
  public static int in(XssDetector detector, String page, String value, int writeLength) {
    int[] count = {0};
    ReflectionMatcher matcher = new ReflectionMatcher(detector.activeValues(List.of(value)),
        (active, where, reason, excerpt) -> {
          count[0]++;
          return ReflectionMatcher.Action.KEEP; // count every finding; never change the page
        },
        (text, from, to) -> {});
    for (int from = 0; from < page.length(); from += writeLength) {
      matcher.write(page, from, Math.min(page.length(), from + writeLength));
    }
    matcher.finish();
    return count[0];
  }
}
