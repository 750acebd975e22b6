package io.palisade.detector.xss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The reflected XSS detector: picks the request values with HTML-active content, and starts a
 * {@link ReflectionMatcher} over a response when there are any. Requests whose values are all inert
 * (nearly all of them) cost one pass over their values and nothing on the response.
 */
public final class XssDetector {
  /** Shorter values cannot carry a tag with content or a handler worth a finding: {@code <b}, {@code "/}. */
  static final int MIN_LENGTH = 3;
  /** Longer values are not looked for: they bound what the matcher holds back. */
  public static final int DEFAULT_MAX_LENGTH = 4096;

  private final int maxLength;

  public XssDetector() {
    this(DEFAULT_MAX_LENGTH);
  }

  public XssDetector(int maxLength) {
    this.maxLength = maxLength;
  }

  /** The values with HTML-active content, index for index with {@code values}. */
  public List<ActiveValue> activeValues(List<String> values) {
    List<ActiveValue> active = null;
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value == null || value.length() < MIN_LENGTH || value.length() > maxLength) {
        continue;
      }
      int flags = HtmlActiveContent.of(value);
      if (flags != 0) {
        if (active == null) {
          active = new ArrayList<>(2);
        }
        active.add(new ActiveValue(i, value, flags));
      }
    }
    return active == null ? Collections.<ActiveValue>emptyList() : active;
  }
}
