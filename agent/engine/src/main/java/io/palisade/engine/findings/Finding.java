package io.palisade.engine.findings;

import io.palisade.engine.context.RequestInput;

/** Evidence a detector found: which request value reached which sink, and why that is an attack. */
public final class Finding {
  private final String detector;
  private final String severity;
  private final String cwe;
  private final RequestInput input;
  private final String sinkKind;
  private final String sinkMethod;
  private final String sinkTarget;
  private final String reason;

  public Finding(
      String detector,
      String severity,
      String cwe,
      RequestInput input,
      String sinkKind,
      String sinkMethod,
      String sinkTarget,
      String reason) {
    this.detector = detector;
    this.severity = severity;
    this.cwe = cwe;
    this.input = input;
    this.sinkKind = sinkKind;
    this.sinkMethod = sinkMethod;
    this.sinkTarget = sinkTarget;
    this.reason = reason;
  }

  public String detector() {
    return detector;
  }

  public String severity() {
    return severity;
  }

  public String cwe() {
    return cwe;
  }

  public RequestInput input() {
    return input;
  }

  public String sinkKind() {
    return sinkKind;
  }

  public String sinkMethod() {
    return sinkMethod;
  }

  public String sinkTarget() {
    return sinkTarget;
  }

  public String reason() {
    return reason;
  }
}
