package io.palisade.bootstrap;

/**
 * What the engine offers the bridge. An abstract class rather than an interface so that nothing
 * inlined into old class files ever needs an interface call the verifier could refuse. Every
 * argument is typed with JDK types only, because this class lives on the bootstrap class path.
 * Every hook but {@link #reportFailure} does nothing unless overridden: a stand-in or a test's hooks
 * implement only what they watch.
 */
public abstract class EngineHooks {

  /**
   * A servlet or filter was entered. Returns a scope object when this is the outermost entry of a
   * request on this thread, null otherwise.
   */
  public Object requestEnter(Object request, Object response) {
    return null;
  }

  /**
   * The outermost servlet or filter call returned or threw. Returns the throwable the call should
   * end with: {@code thrown} itself, or null when the request was blocked and its block response
   * is already on its way to the client.
   */
  public Throwable requestExit(Object scope, Throwable thrown) {
    return thrown;
  }

  /** The application (or container) asked a request for its parameters, so the form body is parsed. */
  public void requestParametersParsed(Object request) {}

  /**
   * The application read {@code count} bytes of the current request's body (called for the
   * outermost read only). The engine keeps a bounded copy; the application's bytes are untouched.
   */
  public void requestBodyRead(byte[] buffer, int offset, int count) {}

  /** As {@link #requestBodyRead}, for a container reader that decodes characters itself. */
  public void requestBodyCharsRead(String text) {}

  /** Whether a request context handed to other work still belongs to a request in progress. */
  public boolean isOpen(Object requestContext) {
    return false;
  }

  /** An {@code AsyncContext} was completed: its request ends now. */
  public void asyncComplete(Object asyncContext) {}

  /** SQL text is about to reach a driver. Throws {@link PalisadeBlockedException} to block. */
  public void checkSql(Object jdbcObject, String sql, String method) {}

  /**
   * The application asked a response for its writer and got {@code writer}. Returns the writer to
   * hand it instead (one that checks HTML output for reflected request values), or {@code writer}.
   */
  public java.io.PrintWriter guardResponseWriter(Object response, java.io.PrintWriter writer) {
    return writer;
  }

  /**
   * The application asked a response for its output stream and got {@code stream}; the stream's
   * writes below are then offered to the engine first.
   */
  public void guardResponseStream(Object response, Object stream) {}

  /**
   * A response stream is about to write these bytes. True when the engine took them (checked and
   * passed on, held back, or dropped after a block): the stream's own write must then be skipped.
   * Throws {@link PalisadeBlockedException} to block.
   */
  public boolean responseStreamWrite(Object stream, byte[] bytes, int offset, int length) {
    return false;
  }

  /** As above, {@code write(int)}. */
  public boolean responseStreamWrite(Object stream, int b) {
    return false;
  }

  /** As above, {@code write(ByteBuffer)}. */
  public boolean responseStreamWrite(Object stream, java.nio.ByteBuffer buffer) {
    return false;
  }

  /** A response stream is about to flush or close: what the engine holds back goes out first. */
  public void responseStreamFlushing(Object stream, boolean close) {}

  /**
   * A template engine is about to resolve and compile {@code template} (the engine's own template
   * specification object, read by reflection). Throws {@link PalisadeBlockedException} to block.
   */
  public void checkTemplate(String engine, Object template) {}

  /**
   * A template engine is about to parse the template text {@code source} reads ({@code name}: the
   * template's name, for the event). Returns the reader the engine should parse instead (one that
   * replays what was read to check it), or {@code source} when nothing was read. Throws
   * {@link PalisadeBlockedException} to block before parsing. Must not lose what it read when it
   * fails: the bridge then hands the original reader on.
   */
  public java.io.Reader checkTemplateSource(String engine, String name, java.io.Reader source) {
    return source;
  }

  /**
   * An HTTP client is about to send a request to {@code url}. Throws {@link PalisadeBlockedException}
   * to block. {@code connection} is the client's object for this call (may be null).
   */
  public void checkOutbound(Object connection, String url, String client) {}

  /** A client is about to follow a redirect. Throws {@link PalisadeBlockedException} to block. */
  public void checkOutboundRedirect(String from, String to, String client) {}

  /** A failure inside Palisade: log it once, count it, never rethrow. */
  public abstract void reportFailure(String where, Throwable failure);
}
