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
  private final Map<Integer, ReflectionMatcher.Action> decided = new HashMap<>();
  private RequestContext.Inputs inputs;

  ResponseReflections(RequestContext context, FindingReporter reporter, XssDetector detector) {
    this.context = context;
    this.reporter = reporter;
    this.detector = detector;
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
   * text/html and XHTML; no content type at all counts too, because browsers sniff such a response
   * as HTML when it looks like markup.
   */
  static boolean isHtml(String contentType) {
    if (contentType == null) {
      return true;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/html") || type.startsWith("application/xhtml");
  }

  @Override
  public ReflectionMatcher.Action onActiveReflection(
      ActiveValue value, HtmlContext.Where where, String reason, CharSequence excerpt) {
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
            "servlet response writer (" + context.access().response().contentType(context.response()) + ")",
            excerpt.toString(),
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
