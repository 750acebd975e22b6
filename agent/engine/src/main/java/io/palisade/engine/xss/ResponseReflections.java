package io.palisade.engine.xss;

import io.palisade.detector.xss.ActiveValue;
import io.palisade.detector.xss.HtmlActiveContent;
import io.palisade.detector.xss.HtmlContext;
import io.palisade.detector.xss.ReflectionMatcher;
import io.palisade.detector.xss.XssDetector;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.RequestInput;
import io.palisade.engine.findings.Finding;
import io.palisade.engine.findings.FindingReporter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One response's reflection check: decides at the first write whether there is anything to look for
 * (an HTML response and a request value with HTML-active content), and turns each active reflection
 * into one finding per input, whose outcome then applies to every later occurrence of that input.
 */
final class ResponseReflections implements ReflectionMatcher.Listener {
  private final RequestContext context;
  private final FindingReporter reporter;
  private final XssDetector detector;
  /** What each reflected input's finding decided; made at the first finding (most responses have none). */
  private Map<Integer, ReflectionMatcher.Action> decided;
  /** "writer" or "stream", for the audit event. */
  private final String output;
  private RequestContext.Inputs inputs;
  /** For a byte stream: the charset its bytes (matched as ISO-8859-1 characters) are decoded with. */
  private Charset bytesCharset;

  ResponseReflections(RequestContext context, FindingReporter reporter, XssDetector detector, String output) {
    this.context = context;
    this.reporter = reporter;
    this.detector = detector;
    this.output = output;
  }

  RequestContext context() {
    return context;
  }

  /** The values to look for, or an empty list when this response needs no check at all. */
  List<ActiveValue> activeValues() {
    if (!isHtml(context.access().response().contentType(context.response()))) {
      return List.of();
    }
    inputs = context.inputs();
    return detector.activeValues(inputs.values());
  }

  /**
   * The values to look for in a byte stream encoded with {@code charset}: each value's encoded bytes,
   * one ISO-8859-1 character per byte. The matcher and the HTML tokenizer then run on the bytes as
   * they are (the markup characters are the same single bytes in every ASCII-compatible charset) and
   * the page is never decoded or re-encoded; only an excerpt for the audit event is.
   */
  List<ActiveValue> activeValues(Charset charset) {
    List<ActiveValue> active = activeValues();
    if (active.isEmpty()) {
      return active;
    }
    bytesCharset = charset;
    List<ActiveValue> encoded = new ArrayList<>(active.size());
    for (ActiveValue value : active) {
      String bytes = new String(value.text().getBytes(charset), StandardCharsets.ISO_8859_1);
      encoded.add(new ActiveValue(value.index(), bytes, value.flags()));
    }
    return encoded;
  }

  /**
   * text/html and XHTML; no content type at all counts too, because browsers sniff such a response
   * as HTML when it looks like markup.
   */
  static boolean isHtml(String contentType) {
    if (contentType == null) {
      return true;
    }
    // No lower-cased copy: this runs for every response the application writes (twice). The two
    // common types as applications write them, in lower case, are settled without comparing case by case.
    if (contentType.startsWith("text/html")) {
      return true;
    }
    if (contentType.startsWith("application/json")) {
      return false;
    }
    return contentType.regionMatches(true, 0, "text/html", 0, 9)
        || contentType.regionMatches(true, 0, "application/xhtml", 0, 17);
  }

  private String decoded(CharSequence bytesAsLatin1) {
    return new String(bytesAsLatin1.toString().getBytes(StandardCharsets.ISO_8859_1), bytesCharset);
  }

  @Override
  public ReflectionMatcher.Action onActiveReflection(
      ActiveValue value, HtmlContext.Where where, String reason, CharSequence excerpt) {
    if (decided == null) {
      decided = new HashMap<>();
    }
    ReflectionMatcher.Action known = decided.get(value.index());
    if (known != null) {
      return known;
    }
    if (context.isBlocked()) {
      throw context.blockedException();
    }
    RequestInput input = inputs.get(value.index());
    Finding finding =
        new Finding(
            XssResponseCheck.DETECTOR,
            "high",
            "CWE-79",
            input,
            "html_response",
            "servlet response " + output + " (" + context.access().response().contentType(context.response()) + ")",
            bytesCharset == null ? excerpt.toString() : decoded(excerpt),
            "Reflected XSS: the request " + input.describe() + " carries " + HtmlActiveContent.describe(value.flags())
                + " and was written into the HTML response unescaped, where " + reason + " ("
                + where.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " context).");
    FindingReporter.Outcome outcome = reporter.reportSanitizable(context, finding);
    ReflectionMatcher.Action action =
        outcome == FindingReporter.Outcome.SANITIZED ? ReflectionMatcher.Action.ESCAPE : ReflectionMatcher.Action.KEEP;
    decided.put(value.index(), action);
    return action;
  }
}
