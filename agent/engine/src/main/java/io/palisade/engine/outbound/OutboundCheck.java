package io.palisade.engine.outbound;

import io.palisade.detector.ssrf.Destination;
import io.palisade.detector.ssrf.Evidence;
import io.palisade.detector.ssrf.OutboundUrl;
import io.palisade.detector.ssrf.SsrfDetector;
import io.palisade.detector.ssrf.SsrfFinding;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.RequestInput;
import io.palisade.engine.findings.Finding;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.policy.Policy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The outbound HTTP sink, for every client: the egress policy first (whatever the source of the
 * URL), then SSRF on evidence (a request value chose the scheme, host or port, and the URL leaves
 * HTTP or reaches an internal address). The host is resolved once per check, through a short-lived
 * cache; a URL a request value steered is remembered for a while so that a redirect from it (which
 * the client may follow on a thread of its own) is checked as request-controlled too.
 */
public final class OutboundCheck {
  public static final String DETECTOR = "ssrf";
  private static final int TAINTED_URLS = 256;

  private final FindingReporter reporter;
  private final SsrfDetector detector;
  private volatile RulesOfPolicy rules;
  /** Connection objects already checked for a URL in a request (connect, then getInputStream: one check). */
  private final Map<Object, CheckedCall> checked = Collections.synchronizedMap(new WeakHashMap<Object, CheckedCall>());
  /**
   * URLs called during a request, by text, with the request (weakly) and, when a request value
   * steered the URL, that value: a redirect from a steered URL is request-controlled too.
   */
  private final Map<String, Taint> tainted =
      Collections.synchronizedMap(
          new LinkedHashMap<String, Taint>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Taint> eldest) {
              return size() > TAINTED_URLS;
            }
          });

  public OutboundCheck(FindingReporter reporter, SsrfDetector detector) {
    this.reporter = reporter;
    this.detector = detector;
  }

  /** Checks a call about to leave; throws the blocking exception when the policy blocks it. */
  public void check(RequestContext context, Object connection, String urlText, String client) {
    OutboundUrl url = OutboundUrl.parse(urlText);
    if (url == null || reporter == null) {
      return;
    }
    if (context != null && context.isBlocked()) {
      throw context.blockedException();
    }
    if (connection != null) {
      CheckedCall last = checked.get(connection);
      if (last != null && last.context == context && last.url.equals(url.text())) {
        return;
      }
    }
    Target target = new Target(url);
    if (!checkEgress(context, target, client)) {
      checkSsrf(context, target, client);
      checkTransport(context, target, client);
    }
    if (connection != null) {
      checked.put(connection, new CheckedCall(context, url.text()));
    }
    if (context != null) {
      // Not steered, but made in this request: a redirect the client follows on a thread of its own
      // is still answered with this request's block response when the egress policy refuses it. A
      // steered entry of this same request is kept (it knows the value); one left by an earlier
      // request to the same URL is replaced, or the redirect would be taken for one outside any
      // request (the IT calls one URL with several clients in a row: the first one's request won).
      Taint known = tainted.get(url.text());
      if (known == null || !known.isOf(context)) {
        tainted.put(url.text(), new Taint(context, null, url.redacted()));
      }
    }
  }

  /** Checks a redirect the client is about to follow. */
  public void checkRedirect(RequestContext current, String fromText, String toText, String client) {
    OutboundUrl to = OutboundUrl.parse(toText);
    if (to == null || reporter == null) {
      return;
    }
    Taint taint = fromText == null ? null : tainted.get(fromText.trim());
    RequestContext context = current;
    if (taint != null && taint.openContext() != null) {
      // The client may follow the redirect on a thread of its own: the request it came from decides.
      context = taint.openContext();
    }
    if (context != null && context.isBlocked()) {
      throw context.blockedException();
    }
    Target target = new Target(to);
    String sinkMethod = client + " (redirect)";
    if (checkEgress(context, target, sinkMethod)) {
      return;
    }
    if (taint != null) {
      tainted.put(to.text(), taint);
    }
    if (taint != null && taint.input != null) {
      boolean http = to.isHttp();
      Destination destination = http ? target.destination() : null;
      if (!http || destination.isInternal()) {
        String where = http
            ? "redirects to " + to.redacted() + ", which reaches the " + destination.addressClass().description() + " address "
                + destination.internalAddress() + addresses(to, destination)
            : "redirects to a " + to.scheme() + ": URL, which is not HTTP";
        report(context, new Finding(DETECTOR, "critical", "CWE-918", taint.input, "http_client", sinkMethod,
            to.redacted(), "The request " + taint.input.describe() + " chose the host of an outbound URL (" + taint.url
                + ") that " + where + "."));
      }
    }
    checkTransport(context, target, sinkMethod);
  }

  /** Returns true when the egress policy refused or reported the call (nothing more to say about it). */
  private boolean checkEgress(RequestContext context, Target target, String client) {
    EgressRules egress = rules();
    if (egress.isEmpty()) {
      return false;
    }
    OutboundUrl url = target.url;
    String host = url.host().name();
    HostPattern denied = egress.denied(host, target::addressBytes);
    if (denied != null) {
      report(context, egressFinding(context, url, client,
          "Egress policy: the host " + host + addresses(url, target.destinationIfResolved()) + " matches the deny_hosts entry '" + denied + "'."));
      return true;
    }
    if (egress.hasAllowList()) {
      HostPattern allowed = egress.allowed(host, target::addressBytes);
      if (allowed == null) {
        report(context, egressFinding(context, url, client,
            "Egress policy: the host " + host + addresses(url, target.destinationIfResolved()) + " is not in allow_hosts."));
        return true;
      }
      // Explicitly allowed: the operator vouches for this host, request value or not.
      target.allowed = true;
    }
    return false;
  }

  private void checkSsrf(RequestContext context, Target target, String client) {
    if (context == null || target.allowed) {
      return;
    }
    RequestContext.Inputs inputs = context.inputs();
    if (inputs.values().isEmpty()) {
      return;
    }
    OutboundUrl url = target.url;
    RequestInput input = null;
    List<String> values = withoutOwnAddress(context, inputs.all(), inputs.values());
    Evidence evidence = Evidence.find(url, values);
    if (evidence != null) {
      input = inputs.get(evidence.valueIndex());
    } else if (!inputs.decodedValues().isEmpty()) {
      evidence = Evidence.find(url, inputs.decodedValues());
      if (evidence != null) {
        input = inputs.decoded().get(evidence.valueIndex());
      }
    }
    if (evidence == null) {
      return;
    }
    tainted.put(url.text(), new Taint(context, input, url.redacted()));
    SsrfFinding finding = detector.detect(url, Collections.singletonList(evidenceValue(inputs, input)));
    if (finding == null) {
      return;
    }
    Destination destination = finding.destination();
    String severity = destination != null && destination.addressClass() == io.palisade.detector.ssrf.AddressClass.METADATA ? "critical" : "high";
    report(context, new Finding(DETECTOR, severity, "CWE-918", input, "http_client", client, url.redacted(),
        "The request " + input.describe() + " chose the " + finding.part().id() + " of an outbound URL: " + finding.reason() + "."));
  }

  /**
   * A {@code Host} header that names the very address and port the request arrived at chose
   * nothing: the client reached this server there. An application that calls itself through that
   * address is not forged; a Host header naming anything else still counts.
   */
  private static List<String> withoutOwnAddress(RequestContext context, List<RequestInput> all, List<String> values) {
    List<String> kept = null;
    for (int i = 0; i < all.size() && i < values.size(); i++) {
      RequestInput input = all.get(i);
      if (input.source() == RequestInput.Source.HEADER && "host".equalsIgnoreCase(input.name())
          && isOwnAddress(context.request(), input.value())) {
        if (kept == null) {
          kept = new java.util.ArrayList<>(values);
        }
        kept.set(i, "");
      }
    }
    return kept == null ? values : kept;
  }

  private static boolean isOwnAddress(Object request, String host) {
    try {
      Object address = request.getClass().getMethod("getLocalAddr").invoke(request);
      Object port = request.getClass().getMethod("getLocalPort").invoke(request);
      String own = address + ":" + port;
      return host != null && (host.trim().equalsIgnoreCase(own) || host.trim().equalsIgnoreCase("[" + address + "]:" + port));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String evidenceValue(RequestContext.Inputs inputs, RequestInput input) {
    return input.value();
  }

  /** require_tls: plain http to an external host can be read and changed on the way. */
  private void checkTransport(RequestContext context, Target target, String client) {
    EgressRules egress = rules();
    OutboundUrl url = target.url;
    if (!egress.requireTls() || !url.isPlainHttp() || (context != null && context.isBlocked())) {
      return;
    }
    Destination destination = target.destination();
    if (!destination.isResolved() || destination.isInternal()) {
      return; // an internal service, or a name the client cannot reach either
    }
    report(context, new Finding(DETECTOR, "medium", "CWE-319", null, "http_client", client, url.redacted(),
        "Egress policy (require_tls): plain http to the external host " + url.host().name() + addresses(url, destination)
            + " can be read and changed by anyone on the path; use https."));
  }

  private static Finding egressFinding(RequestContext context, OutboundUrl url, String client, String reason) {
    return new Finding(DETECTOR, "high", "CWE-918", null, "http_client", client, url.redacted(), reason);
  }

  private static String addresses(OutboundUrl url, Destination destination) {
    if (destination == null || destination.addresses().isEmpty() || url.host().isLiteral()) {
      return "";
    }
    return " (resolves to " + String.join(", ", destination.addresses()) + ")";
  }

  private void report(RequestContext context, Finding finding) {
    if (context != null && context.isOpen()) {
      reporter.report(context, finding);
    } else {
      reporter.reportOutsideRequest(finding);
    }
  }

  private EgressRules rules() {
    Policy policy = reporter.policy();
    RulesOfPolicy cached = rules;
    if (cached == null || cached.policy != policy) {
      cached = new RulesOfPolicy(policy, EgressRules.from(policy));
      rules = cached;
    }
    return cached.rules;
  }

  /** One URL being checked: resolved at most once, whichever rule asks first. */
  private final class Target {
    final OutboundUrl url;
    Destination destination;
    boolean allowed;

    Target(OutboundUrl url) {
      this.url = url;
    }

    Destination destination() {
      if (destination == null) {
        destination = detector.destinationOf(url);
      }
      return destination;
    }

    Destination destinationIfResolved() {
      return destination;
    }

    List<byte[]> addressBytes() {
      return destination().addressBytes();
    }
  }

  private static final class CheckedCall {
    final RequestContext context;
    final String url;

    CheckedCall(RequestContext context, String url) {
      this.context = context;
      this.url = url;
    }
  }

  /** A URL called in a request: the request (weakly: an ended one is never kept alive here) and the value that steered it, if any. */
  private static final class Taint {
    private final java.lang.ref.WeakReference<RequestContext> request;
    final RequestInput input;
    final String url;

    Taint(RequestContext context, RequestInput input, String url) {
      this.request = new java.lang.ref.WeakReference<>(context);
      this.input = input;
      this.url = url;
    }

    boolean isOf(RequestContext context) {
      return request.get() == context;
    }

    /** The request the URL came from while it is still in progress, else null. */
    RequestContext openContext() {
      RequestContext context = request.get();
      return context != null && context.isOpen() ? context : null;
    }
  }

  private static final class RulesOfPolicy {
    final Policy policy;
    final EgressRules rules;

    RulesOfPolicy(Policy policy, EgressRules rules) {
      this.policy = policy;
      this.rules = rules;
    }
  }
}
