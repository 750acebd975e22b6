package io.palisade.engine;

import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.bootstrap.RequestRefused;
import io.palisade.bootstrap.RequestScope;
import io.palisade.engine.access.AccessGate;
import io.palisade.engine.blocking.CommittedResponseAbort;
import io.palisade.engine.context.CaptureSettings;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ServletAccess;
import io.palisade.engine.findings.Finding;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.engine.context.ResponseGuard;
import io.palisade.detector.ssrf.CachingResolver;
import io.palisade.detector.ssrf.HostResolver;
import io.palisade.detector.ssrf.SsrfDetector;
import io.palisade.engine.outbound.OutboundCheck;
import io.palisade.engine.sql.SqlInjectionCheck;
import io.palisade.engine.template.TemplateInjectionCheck;
import io.palisade.engine.template.TemplateSourceReader;
import io.palisade.engine.xss.XssResponseCheck;
import java.io.PrintWriter;
import io.palisade.policy.Policy;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine behind the bridge: opens and closes request contexts and runs each sink's check. */
public final class PalisadeEngine extends EngineHooks {
  private static final Logger log = LoggerFactory.getLogger(PalisadeEngine.class);

  private final FindingReporter reporter;
  /** The policy's access rules, or null when the engine runs without them (unit tests). */
  private final AccessGate accessGate;
  private final SqlInjectionCheck sqlInjection = new SqlInjectionCheck();
  private final XssResponseCheck xssResponse;
  private final TemplateInjectionCheck templateInjection = new TemplateInjectionCheck();
  /**
   * Host look-ups of the outbound check: 5 s, shorter than the JVM's own address cache (30 s), so the
   * check never holds an answer the client no longer gets; 1024 names at most.
   */
  private static final long OUTBOUND_DNS_TTL_MILLIS = 5_000;
  private final OutboundCheck outbound;
  private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();
  private final AtomicLong failures = new AtomicLong();
  /** The capture settings of the policy in force, rebuilt only when the policy changes. */
  private volatile CaptureSettingsOfPolicy captureSettings;
  /**
   * Asynchronous requests between dispatches, by request object. Weak keys: a request the container
   * recycles or drops is never held here, and only an ASYNC dispatch looks an entry up.
   */
  private final Map<Object, RequestContext> asyncRequests = Collections.synchronizedMap(new WeakHashMap<>());

  public PalisadeEngine(FindingReporter reporter) {
    this(reporter, null);
  }

  public PalisadeEngine(FindingReporter reporter, AccessGate accessGate) {
    this.reporter = reporter;
    this.accessGate = accessGate;
    this.xssResponse = reporter == null ? null : new XssResponseCheck(reporter);
    this.outbound = new OutboundCheck(reporter, new SsrfDetector(new CachingResolver(HostResolver.SYSTEM, OUTBOUND_DNS_TTL_MILLIS, 1024)));
  }

  @Override
  public Object requestEnter(Object request, Object response) {
    if (RequestScope.current() != null) {
      // A filter chain, a forward or an include: the outermost entry owns the request.
      return null;
    }
    ServletAccess access = ServletAccess.forRequest(request);
    if (access == null) {
      return null;
    }
    RequestContext context = null;
    if (access.isAsyncDispatch(request)) {
      // An asynchronous request continues on this thread: same inputs, same body, same block.
      context = asyncRequests.get(request);
    }
    boolean newRequest = context == null || !context.isOpen();
    if (newRequest) {
      context = new RequestContext(access, request, response, captureSettings());
    }
    RequestScope.set(context);
    if (newRequest && accessGate != null && accessGate.hasRules() && access.isClientRequestDispatch(request)
        && refusedByAccessRules(context)) {
      // The refusal is written: the entry advice skips the filter chain and the application.
      return new RequestRefused(context);
    }
    return context;
  }

  /** The access rules decide before anything of the application runs; a failure here lets the request on. */
  private boolean refusedByAccessRules(RequestContext context) {
    try {
      return accessGate.refuse(context);
    } catch (RuntimeException | LinkageError failure) {
      reportFailure("access rules", failure);
      return false;
    }
  }

  @Override
  public Throwable requestExit(Object scope, Throwable thrown) {
    if (scope instanceof RequestRefused) {
      // Skipped by an access refusal: nothing ran, only the context is to be closed.
      RequestContext refused = (RequestContext) ((RequestRefused) scope).context();
      if (RequestScope.current() == refused) {
        RequestScope.clear();
      }
      refused.close();
      return thrown;
    }
    RequestContext context = (RequestContext) scope;
    boolean asyncStarted = isAsyncStarted(context);
    try {
      finishResponseCheck(context, asyncStarted);
      if (context.isBlockedAfterCommit() && !(thrown instanceof Error)) {
        // Part of the application's response is on the wire. Ending the call with the blocking
        // exception makes the container abort the connection instead of completing the response,
        // so the client sees a broken response rather than a whole one with the rest missing.
        // Undertow completes it anyway, so its connection is closed first.
        abortConnection(context);
        return context.blockedException();
      }
      if (context.isBlocked() && (thrown instanceof Exception || PalisadeBlockedException.findIn(thrown) != null)) {
        // The block response is already with the client, and what the application threw after the
        // block (the refused statement, a writer it can no longer get) is a consequence of it: keep
        // the container from logging a 500. Errors (out of memory, ...) still propagate.
        return null;
      }
      return thrown;
    } finally {
      if (RequestScope.current() == scope) {
        RequestScope.clear();
      }
      endOrSuspend(context, asyncStarted);
    }
  }

  private static boolean isAsyncStarted(RequestContext context) {
    try {
      return context.access().isAsyncStarted(context.request());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void abortConnection(RequestContext context) {
    try {
      CommittedResponseAbort.abortIfNeeded(context.request());
    } catch (ReflectiveOperationException | RuntimeException failure) {
      reportFailure("abort of a committed response", failure);
    }
  }

  /**
   * The dispatch returns: what the response check still holds back is checked and released before
   * the container completes the response. An asynchronous request goes on writing: not yet.
   */
  private static void finishResponseCheck(RequestContext context, boolean asyncStarted) {
    ResponseGuard guard = context.responseGuard();
    if (guard == null || context.isBlocked() || asyncStarted) {
      return;
    }
    try {
      guard.finish();
    } catch (PalisadeBlockedException blocked) {
      // The block response is written (or the connection will be aborted): the exit handles both.
    } catch (RuntimeException failure) {
      // The writer failed (client gone): the container sees the same when it completes the response.
    }
  }

  @Override
  public PrintWriter guardResponseWriter(Object response, PrintWriter writer) {
    RequestContext context = currentContext();
    if (context == null || xssResponse == null) {
      return writer;
    }
    return xssResponse.guardWriter(context, response, writer);
  }

  @Override
  public void guardResponseStream(Object response, Object stream) {
    RequestContext context = currentContext();
    if (context != null && xssResponse != null && stream instanceof java.io.OutputStream) {
      xssResponse.guardStream(context, response, (java.io.OutputStream) stream);
    }
  }

  @Override
  public boolean responseStreamWrite(Object stream, byte[] bytes, int offset, int length) {
    RequestContext context = currentContext();
    return context != null && xssResponse != null && xssResponse.streamWrite(context, stream, bytes, offset, length);
  }

  @Override
  public boolean responseStreamWrite(Object stream, int b) {
    RequestContext context = currentContext();
    return context != null && xssResponse != null && xssResponse.streamWrite(context, stream, b);
  }

  @Override
  public boolean responseStreamWrite(Object stream, java.nio.ByteBuffer buffer) {
    RequestContext context = currentContext();
    return context != null && xssResponse != null && xssResponse.streamWrite(context, stream, buffer);
  }

  @Override
  public void responseStreamFlushing(Object stream, boolean close) {
    RequestContext context = currentContext();
    if (context != null && xssResponse != null) {
      xssResponse.streamFlushing(context, stream, close);
    }
  }

  /** At the end of a dispatch: an asynchronous request goes on (remembered), any other one ends. */
  private void endOrSuspend(RequestContext context, boolean asyncStarted) {
    Object request = context.request();
    if (asyncStarted && context.isOpen()) {
      context.markSuspended();
      asyncRequests.put(request, context);
    } else {
      if (context.wasSuspended()) {
        // only a request that went asynchronous was ever put: the others skip the shared map's lock
        asyncRequests.remove(request);
      }
      context.close();
    }
  }

  @Override
  public boolean isOpen(Object requestContext) {
    return requestContext instanceof RequestContext && ((RequestContext) requestContext).isOpen();
  }

  @Override
  public void asyncComplete(Object asyncContext) {
    Object request = ServletAccess.requestOfAsyncContext(asyncContext);
    RequestContext context = request == null ? null : asyncRequests.remove(request);
    if (context == null) {
      // Completed from a handed-over task, or through a request wrapper: the thread knows its request.
      context = currentContext();
      if (context != null) {
        asyncRequests.values().remove(context);
      }
    }
    if (context != null) {
      ResponseGuard guard = context.responseGuard();
      if (guard != null && !context.isBlocked()) {
        try {
          guard.finish();
        } catch (PalisadeBlockedException blocked) {
          // the response is blocked; complete() goes on and ends the request
        }
      }
      context.close();
    }
  }

  @Override
  public void requestParametersParsed(Object request) {
    Object current = RequestScope.current();
    if (current instanceof RequestContext) {
      ((RequestContext) current).markParametersParsed();
    }
  }

  @Override
  public void requestBodyRead(byte[] buffer, int offset, int count) {
    RequestContext context = currentContext();
    if (context != null) {
      context.bodyRead(buffer, offset, count);
    }
  }

  @Override
  public void requestBodyCharsRead(String text) {
    RequestContext context = currentContext();
    if (context != null) {
      context.bodyCharsRead(text);
    }
  }

  @Override
  public void checkSql(Object jdbcObject, String sql, String method) {
    RequestContext context = currentContext();
    if (context == null) {
      // No request on this thread: no request value can have reached this statement.
      return;
    }
    if (context.isBlocked()) {
      throw context.blockedException();
    }
    long start = System.nanoTime();
    Finding finding = sqlInjection.check(context, jdbcObject, sql, method);
    if (reporter != null) {
      reporter.metrics().checkTook("sql", System.nanoTime() - start);
    }
    if (finding != null) {
      reporter.report(context, finding);
    }
  }

  @Override
  public void checkTemplate(String engine, Object template) {
    RequestContext context = currentContext();
    if (context == null) {
      return;
    }
    if (context.isBlocked()) {
      throw context.blockedException();
    }
    Finding finding = templateInjection.check(context, engine, template);
    if (finding != null) {
      reporter.report(context, finding);
    }
  }

  @Override
  public java.io.Reader checkTemplateSource(String engine, String name, java.io.Reader source) {
    RequestContext context = currentContext();
    if (context == null) {
      return source;
    }
    if (context.isBlocked()) {
      throw context.blockedException();
    }
    if (!templateInjection.anyValueWithSyntax(context)) {
      return source; // nothing a source could carry: leave the reader unread
    }
    TemplateSourceReader read = TemplateSourceReader.read(source);
    try {
      Finding finding = templateInjection.checkSource(context, engine, name, read.text());
      if (finding != null) {
        reporter.report(context, finding);
      }
    } catch (PalisadeBlockedException blocked) {
      throw blocked;
    } catch (RuntimeException failure) {
      reportFailure("template source " + engine, failure); // the engine still gets the whole source
    }
    return read;
  }

  @Override
  public void checkOutbound(Object connection, String url, String client) {
    outbound.check(currentContext(), connection, url, client);
  }

  @Override
  public void checkOutboundRedirect(String from, String to, String client) {
    outbound.checkRedirect(currentContext(), from, to, client);
  }

  @Override
  public void reportFailure(String where, Throwable failure) {
    failures.incrementAndGet();
    if (reportedFailures.add(where + ":" + failure.getClass().getName())) {
      log.warn("internal failure in {} (logged once; the application continues): {}", where, failure.toString(), failure);
    }
  }

  public long failureCount() {
    return failures.get();
  }

  private CaptureSettings captureSettings() {
    Policy policy = reporter == null ? null : reporter.policy();
    if (policy == null) {
      return CaptureSettings.defaults();
    }
    CaptureSettingsOfPolicy cached = captureSettings;
    if (cached == null || cached.policy != policy) {
      cached = new CaptureSettingsOfPolicy(policy, CaptureSettings.from(policy));
      captureSettings = cached;
    }
    return cached.settings;
  }

  private static final class CaptureSettingsOfPolicy {
    final Policy policy;
    final CaptureSettings settings;

    CaptureSettingsOfPolicy(Policy policy, CaptureSettings settings) {
      this.policy = policy;
      this.settings = settings;
    }
  }

  private static RequestContext currentContext() {
    Object current = RequestScope.current();
    return current instanceof RequestContext ? (RequestContext) current : null;
  }
}
