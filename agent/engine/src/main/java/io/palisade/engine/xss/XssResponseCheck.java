package io.palisade.engine.xss;

import io.palisade.detector.xss.XssDetector;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ResponseGuard;
import io.palisade.engine.context.ServletAccess;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.policy.Mode;
import io.palisade.policy.Policy;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;

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
    String contentType = context.access().response().contentType(response);
    if (contentType == null || ResponseReflections.isHtml(contentType)) {
      // A JSON or text response keeps the container's buffer: the guard still decides at the first
      // write, by the content type then in force.
      enlargeBuffer(context, policy);
    }
    GuardedResponseWriter guarded = new GuardedResponseWriter(writer, new ResponseReflections(context, reporter, detector, "writer"));
    context.setResponseGuard(guarded);
    return guarded;
  }

  /**
   * The application got {@code stream} from {@code getOutputStream()}: when this is the request's
   * response and xss runs, the stream's writes are checked from now on (see
   * {@link GuardedResponseStream}). A binary response (a content type that is not HTML, already set)
   * keeps the container's buffer as it is.
   */
  public void guardStream(RequestContext context, Object response, OutputStream stream) {
    if (response != context.response() || context.isBlocked() || context.responseGuard() != null) {
      return;
    }
    Policy policy = reporter.policy();
    if (policy.modeFor(DETECTOR) == Mode.OFF) {
      return;
    }
    String contentType = context.access().response().contentType(response);
    if (contentType == null || ResponseReflections.isHtml(contentType)) {
      enlargeBuffer(context, policy);
    }
    context.setResponseGuard(new GuardedResponseStream(stream, new ResponseReflections(context, reporter, detector, "stream")));
  }

  /** The guard of {@code stream} when it is the request's guarded response stream, else null. */
  static GuardedResponseStream streamGuard(RequestContext context, Object stream) {
    ResponseGuard guard = context.responseGuard();
    return guard instanceof GuardedResponseStream && guard.target() == stream ? (GuardedResponseStream) guard : null;
  }

  /** A write to a response stream; true when the guard took the bytes and the container must not. */
  public boolean streamWrite(RequestContext context, Object stream, byte[] bytes, int offset, int length) {
    GuardedResponseStream guard = streamGuard(context, stream);
    return guard != null && bytes != null && guard.write(bytes, offset, length);
  }

  public boolean streamWrite(RequestContext context, Object stream, int b) {
    GuardedResponseStream guard = streamGuard(context, stream);
    return guard != null && guard.write(b);
  }

  public boolean streamWrite(RequestContext context, Object stream, ByteBuffer buffer) {
    GuardedResponseStream guard = streamGuard(context, stream);
    return guard != null && guard.write(buffer);
  }

  /** Before a response stream's {@code flush()} or {@code close()}: release what the check holds. */
  public void streamFlushing(RequestContext context, Object stream, boolean close) {
    GuardedResponseStream guard = streamGuard(context, stream);
    if (guard != null) {
      guard.flushing(close);
    }
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
