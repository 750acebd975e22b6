package io.palisade.detector.ssrf;

/** Evidence of server-side request forgery: which value chose which part, and where the URL goes. */
public final class SsrfFinding {
  private final Evidence evidence;
  private final OutboundUrl url;
  private final Destination destination;
  private final String reason;

  SsrfFinding(Evidence evidence, OutboundUrl url, Destination destination, String reason) {
    this.evidence = evidence;
    this.url = url;
    this.destination = destination;
    this.reason = reason;
  }

  public int valueIndex() {
    return evidence.valueIndex();
  }

  public UrlPart part() {
    return evidence.part();
  }

  public OutboundUrl url() {
    return url;
  }

  /** Where the URL goes; null for a non-HTTP scheme (decided by the scheme alone). */
  public Destination destination() {
    return destination;
  }

  /** One sentence fragment for the audit event. */
  public String reason() {
    return reason;
  }
}
