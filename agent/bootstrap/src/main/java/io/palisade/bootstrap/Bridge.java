package io.palisade.bootstrap;

/**
 * The static entry points that inlined advice calls. Each does nothing until an engine is installed,
 * and none lets anything escape except {@link PalisadeBlockedException}: a failure inside Palisade
 * must never break the host application.
 */
public final class Bridge {
  private static volatile EngineHooks hooks;

  /** Guards the JDBC sinks: only the outermost call of a nested chain is checked. */
  public static final CallDepth SQL_DEPTH = new CallDepth();

  /** Guards request-body reads: a wrapper stream reading through the container's is recorded once. */
  public static final CallDepth BODY_DEPTH = new CallDepth();

  /**
   * Guards outbound HTTP calls: {@code getInputStream} calls {@code connect}, a client's {@code send}
   * calls its own {@code sendAsync}, RestTemplate calls the client underneath. Checked once, outermost.
   */
  public static final CallDepth OUTBOUND_DEPTH = new CallDepth();

  /**
   * Guards template lookups by name: what a template cache loads from the application's own
   * templates while it is inside the lookup is not request data (its name was checked), so the
   * source-compiling hook leaves it alone.
   */
  public static final CallDepth TEMPLATE_LOOKUP_DEPTH = new CallDepth();

  private static volatile boolean failureReportFailed;

  private Bridge() {}

  public static void install(EngineHooks engineHooks) {
    hooks = engineHooks;
  }

  public static boolean isInstalled() {
    return hooks != null;
  }

  public static Object servletEnter(Object request, Object response) {
    EngineHooks current = hooks;
    if (current == null || request == null || response == null) {
      return null;
    }
    try {
      return current.requestEnter(request, response);
    } catch (Throwable failure) {
      reportFailure("servlet entry", failure);
      return null;
    }
  }

  public static Throwable servletExit(Object scope, Throwable thrown) {
    EngineHooks current = hooks;
    if (current == null || scope == null) {
      return thrown;
    }
    try {
      return current.requestExit(scope, thrown);
    } catch (Throwable failure) {
      reportFailure("servlet exit", failure);
      return thrown;
    }
  }

  public static void servletParametersParsed(Object request) {
    EngineHooks current = hooks;
    if (current == null) {
      return;
    }
    try {
      current.requestParametersParsed(request);
    } catch (Throwable failure) {
      reportFailure("servlet parameters", failure);
    }
  }

  /**
   * Called before SQL text reaches a driver. Returns true when the caller must call
   * {@link #sqlExit(boolean)} with true when the method ends; blocks by throwing.
   */
  public static boolean sqlEnter(Object jdbcObject, String sql, String method) {
    EngineHooks current = hooks;
    if (current == null) {
      return false;
    }
    if (SQL_DEPTH.increment() > 1) {
      return true;
    }
    try {
      current.checkSql(jdbcObject, sql, method);
    } catch (PalisadeBlockedException blocked) {
      // The method body and its exit advice will not run: leave the depth as we found it.
      SQL_DEPTH.decrement();
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("jdbc " + method, failure);
    }
    return true;
  }

  public static void sqlExit(boolean entered) {
    if (entered) {
      SQL_DEPTH.decrement();
    }
  }

  /**
   * An HTTP client is about to send a request to {@code url} (before any byte leaves). Returns true
   * when the caller must call {@link #outboundExit(boolean)} with true when the method ends; blocks
   * by throwing {@link PalisadeBlockedException}. {@code connection} identifies the client object
   * (one check per object and URL), {@code client} names the API for the audit event.
   */
  public static boolean outboundEnter(Object connection, String url, String client) {
    EngineHooks current = hooks;
    if (current == null) {
      return false;
    }
    if (OUTBOUND_DEPTH.increment() > 1) {
      return true;
    }
    try {
      current.checkOutbound(connection, url, client);
    } catch (PalisadeBlockedException blocked) {
      OUTBOUND_DEPTH.decrement();
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("outbound " + client, failure);
    }
    return true;
  }

  public static void outboundExit(boolean entered) {
    if (entered) {
      OUTBOUND_DEPTH.decrement();
    }
  }

  /**
   * A client is about to follow a redirect from {@code from} to {@code to} (possibly on a client
   * thread with no request of its own). Blocks by throwing {@link PalisadeBlockedException}.
   */
  public static void outboundRedirect(String from, String to, String client) {
    EngineHooks current = hooks;
    if (current == null || to == null) {
      return;
    }
    try {
      current.checkOutboundRedirect(from, to, client);
    } catch (PalisadeBlockedException blocked) {
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("outbound redirect " + client, failure);
    }
  }

  /**
   * A request-body read is starting. Returns true when the caller must report its result through
   * one of the {@code body*Read} methods, which also leave the depth.
   */
  public static boolean bodyReadEnter() {
    if (hooks == null) {
      return false;
    }
    BODY_DEPTH.increment();
    return true;
  }

  /** A body read returned {@code count} bytes into {@code buffer} at {@code offset} (-1: end). */
  public static void bodyBytesRead(boolean entered, byte[] buffer, int offset, int count) {
    if (!entered) {
      return;
    }
    boolean outermost = BODY_DEPTH.current() == 1;
    BODY_DEPTH.decrement();
    EngineHooks current = hooks;
    if (!outermost || current == null || buffer == null || count <= 0) {
      return;
    }
    try {
      current.requestBodyRead(buffer, offset, count);
    } catch (Throwable failure) {
      reportFailure("request body", failure);
    }
  }

  /** A single-byte body read returned {@code value} (-1: end). */
  public static void bodyByteRead(boolean entered, int value) {
    if (!entered) {
      return;
    }
    boolean outermost = BODY_DEPTH.current() == 1;
    BODY_DEPTH.decrement();
    EngineHooks current = hooks;
    if (!outermost || current == null || value < 0) {
      return;
    }
    try {
      current.requestBodyRead(new byte[] {(byte) value}, 0, 1);
    } catch (Throwable failure) {
      reportFailure("request body", failure);
    }
  }

  /** A body read through a container's reader returned {@code count} characters. */
  public static void bodyCharsRead(boolean entered, char[] buffer, int offset, int count) {
    if (!entered) {
      return;
    }
    boolean outermost = BODY_DEPTH.current() == 1;
    BODY_DEPTH.decrement();
    EngineHooks current = hooks;
    if (!outermost || current == null || buffer == null || count <= 0) {
      return;
    }
    try {
      current.requestBodyCharsRead(new String(buffer, offset, count));
    } catch (Throwable failure) {
      reportFailure("request body", failure);
    }
  }

  /** A single-character or line read through a container's reader returned {@code text}. */
  public static void bodyTextRead(boolean entered, String text) {
    if (!entered) {
      return;
    }
    boolean outermost = BODY_DEPTH.current() == 1;
    BODY_DEPTH.decrement();
    EngineHooks current = hooks;
    if (!outermost || current == null || text == null || text.isEmpty()) {
      return;
    }
    try {
      current.requestBodyCharsRead(text);
    } catch (Throwable failure) {
      reportFailure("request body", failure);
    }
  }

  /**
   * Work is being handed to another thread (an executor, {@code AsyncContext.start}). Returns the
   * task to hand over: wrapped so that it runs with the current request's context, or unchanged when
   * no request is active here.
   */
  public static Runnable wrapTask(Runnable task) {
    EngineHooks current = hooks;
    if (current == null || task == null || task instanceof ContextRunnable) {
      return task;
    }
    Object context = RequestScope.current();
    if (context == null) {
      return task;
    }
    try {
      return current.isOpen(context) ? new ContextRunnable(task, context) : task;
    } catch (Throwable failure) {
      reportFailure("task hand-over", failure);
      return task;
    }
  }

  /** A handed-over task starts: adopt its request context when the thread has none and the request goes on. */
  static boolean taskStart(Object context) {
    EngineHooks current = hooks;
    if (current == null || RequestScope.current() != null) {
      return false;
    }
    try {
      if (!current.isOpen(context)) {
        return false;
      }
    } catch (Throwable failure) {
      reportFailure("task start", failure);
      return false;
    }
    RequestScope.set(context);
    return true;
  }

  static void taskEnd(Object context) {
    if (RequestScope.current() == context) {
      RequestScope.clear();
    }
  }

  /** {@code AsyncContext.complete()}: the request ends here, whichever thread completes it. */
  public static void asyncComplete(Object asyncContext) {
    EngineHooks current = hooks;
    if (current == null || asyncContext == null) {
      return;
    }
    try {
      current.asyncComplete(asyncContext);
    } catch (Throwable failure) {
      reportFailure("async complete", failure);
    }
  }

  /**
   * {@code getWriter()} of a servlet response returned {@code writer}: returns the writer the
   * application gets, guarded by the XSS response check when the engine wants it.
   */
  public static java.io.PrintWriter responseWriter(Object response, java.io.PrintWriter writer) {
    EngineHooks current = hooks;
    if (current == null || response == null || writer == null) {
      return writer;
    }
    try {
      java.io.PrintWriter guarded = current.guardResponseWriter(response, writer);
      return guarded == null ? writer : guarded;
    } catch (Throwable failure) {
      reportFailure("response writer", failure);
      return writer;
    }
  }

  /** The application got {@code stream} from a response's {@code getOutputStream()}. */
  public static void responseStream(Object response, Object stream) {
    EngineHooks current = hooks;
    if (current == null || response == null || stream == null) {
      return;
    }
    try {
      current.guardResponseStream(response, stream);
    } catch (Throwable failure) {
      reportFailure("response stream", failure);
    }
  }

  /**
   * Before a response stream writes {@code length} bytes: true when the engine took them and the
   * stream's own write must be skipped; blocks by throwing.
   */
  public static boolean responseBytes(Object stream, byte[] bytes, int offset, int length) {
    EngineHooks current = hooks;
    if (current == null) {
      return false;
    }
    try {
      return current.responseStreamWrite(stream, bytes, offset, length);
    } catch (PalisadeBlockedException blocked) {
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("response stream", failure);
      return false;
    }
  }

  /** As {@link #responseBytes}, for {@code write(int)}. */
  public static boolean responseByte(Object stream, int b) {
    EngineHooks current = hooks;
    if (current == null) {
      return false;
    }
    try {
      return current.responseStreamWrite(stream, b);
    } catch (PalisadeBlockedException blocked) {
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("response stream", failure);
      return false;
    }
  }

  /** As {@link #responseBytes}, for {@code write(ByteBuffer)}. */
  public static boolean responseByteBuffer(Object stream, java.nio.ByteBuffer buffer) {
    EngineHooks current = hooks;
    if (current == null) {
      return false;
    }
    try {
      return current.responseStreamWrite(stream, buffer);
    } catch (PalisadeBlockedException blocked) {
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("response stream", failure);
      return false;
    }
  }

  /** Before a response stream's {@code flush()} or {@code close()}; blocks by throwing. */
  public static void responseStreamFlushing(Object stream, boolean close) {
    EngineHooks current = hooks;
    if (current == null) {
      return;
    }
    try {
      current.responseStreamFlushing(stream, close);
    } catch (PalisadeBlockedException blocked) {
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("response stream", failure);
    }
  }

  /**
   * A template engine ({@code engine}: "thymeleaf", ...) is about to resolve and compile a template;
   * blocks by throwing when request data became template syntax there.
   */
  public static void templateProcess(String engine, Object template) {
    EngineHooks current = hooks;
    if (current == null || template == null) {
      return;
    }
    try {
      current.checkTemplate(engine, template);
    } catch (PalisadeBlockedException blocked) {
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("template " + engine, failure);
    }
  }

  /**
   * A template engine is about to look a template up by {@code name} (and load and compile it).
   * Returns true when the caller must call {@link #templateLookupExit(boolean)} with true when the
   * lookup ends; blocks by throwing when request data became template syntax in the name.
   */
  public static boolean templateLookupEnter(String engine, String name) {
    EngineHooks current = hooks;
    if (current == null) {
      return false;
    }
    if (TEMPLATE_LOOKUP_DEPTH.increment() > 1) {
      return true;
    }
    try {
      if (name != null) {
        current.checkTemplate(engine, name);
      }
    } catch (PalisadeBlockedException blocked) {
      TEMPLATE_LOOKUP_DEPTH.decrement();
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("template lookup " + engine, failure);
    }
    return true;
  }

  public static void templateLookupExit(boolean entered) {
    if (entered) {
      TEMPLATE_LOOKUP_DEPTH.decrement();
    }
  }

  /**
   * A template engine ({@code engine}: "freemarker", "velocity") is about to parse the template text
   * that {@code source} reads ({@code name}: the template's name, for the event), outside a lookup by
   * name. Returns the reader to parse instead (never null): the engine may have read the source to
   * check it, and hands back a reader that replays it. Blocks by throwing before anything is parsed.
   */
  public static java.io.Reader templateSource(String engine, String name, java.io.Reader source) {
    EngineHooks current = hooks;
    if (current == null || source == null || TEMPLATE_LOOKUP_DEPTH.current() > 0) {
      return source;
    }
    try {
      java.io.Reader replacement = current.checkTemplateSource(engine, name, source);
      return replacement != null ? replacement : source;
    } catch (PalisadeBlockedException blocked) {
      throw blocked;
    } catch (Throwable failure) {
      reportFailure("template source " + engine, failure);
      return source;
    }
  }

  public static void reportFailure(String where, Throwable failure) {
    EngineHooks current = hooks;
    try {
      if (current != null) {
        current.reportFailure(where, failure);
        return;
      }
    } catch (Throwable ignored) {
      // fall through to stderr, once
    }
    if (!failureReportFailed) {
      failureReportFailed = true;
      System.err.println("[palisade] internal failure in " + where + ": " + failure);
    }
  }
}
