package io.palisade.engine.xss;

import io.palisade.detector.xss.XssDetector;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ResponseGuard;
import io.palisade.engine.context.ServletAccess;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.policy.Mode;
import io.palisade.policy.Policy;
import java.io.PrintWriter;

/**
 * The response side of the XSS detector: hands the application a guarded writer for the request's
 * own response, and makes sure the container's buffer is large enough for the block to happen before
 * anything is committed.
 */
public final class XssResponseCheck {
  public static final String DETECTOR = "xss";
  static final int DEFAULT_RESPONSE_BUFFER = 64 * 1024;

  private final FindingReporter reporter;
  private final XssDetector detector = new XssDetector();

  public XssResponseCheck(FindingReporter reporter) {
    this.reporter = reporter;
  }

  /** The writer the application gets: guarded when this is the request's response and xss runs. */
  public PrintWriter guardWriter(RequestContext context, Object response, PrintWriter writer) {
    if (writer instanceof GuardedResponseWriter || response != context.response() || context.isBlocked()) {
      // A wrapper's or the container's inner getWriter(): the outermost response's writer is guarded.
      return writer;
    }
    ResponseGuard existing = context.responseGuard();
    if (existing != null) {
      return existing.target() == writer ? (PrintWriter) existing.guarded() : writer;
    }
    Policy policy = reporter.policy();
    if (policy.modeFor(DETECTOR) == Mode.OFF) {
      return writer;
    }
    enlargeBuffer(context, policy);
    GuardedResponseWriter guarded = new GuardedResponseWriter(writer, new ResponseReflections(context, reporter, detector));
    context.setResponseGuard(guarded);
    return guarded;
  }

  /**
   * Before the first byte: ask for a buffer of {@code response_buffer_bytes}, so that a reflection in
   * a page of normal size is found while the container still holds the whole page and can replace it.
   */
  private static void enlargeBuffer(RequestContext context, Policy policy) {
    int wanted = policy.detectorOptions(DETECTOR).path("response_buffer_bytes").asInt(DEFAULT_RESPONSE_BUFFER);
    ServletAccess.ResponseMethods methods = context.access().response();
    Object response = context.response();
    try {
      if (wanted > 0 && !methods.isCommitted(response) && methods.bufferSize(response) < wanted) {
        methods.setBufferSize(response, wanted);
      }
    } catch (RuntimeException contentAlreadyWritten) {
      // The container refuses once content is buffered: the check still runs, the block may then
      // come after the commit.
    }
  }
}
