package io.palisade.engine;

import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.bootstrap.RequestScope;
import io.palisade.engine.context.CaptureSettings;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ServletAccess;
import io.palisade.engine.findings.Finding;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.detector.ssrf.CachingResolver;
import io.palisade.detector.ssrf.HostResolver;
import io.palisade.detector.ssrf.SsrfDetector;
import io.palisade.engine.outbound.OutboundCheck;
import io.palisade.engine.sql.SqlInjectionCheck;
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
  private final SqlInjectionCheck sqlInjection = new SqlInjectionCheck();
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
    this.reporter = reporter;
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
    if (context == null || !context.isOpen()) {
      context = new RequestContext(access, request, response, captureSettings());
    }
    RequestScope.set(context);
    return context;
  }

  @Override
  public Throwable requestExit(Object scope, Throwable thrown) {
    RequestContext context = (RequestContext) scope;
    try {
      if (context.isBlockedAfterCommit() && !(thrown instanceof Error)) {
        // Part of the application's response is on the wire. Ending the call with the blocking
        // exception makes the container abort the connection instead of completing the response,
        // so the client sees a broken response rather than a whole one with the rest missing.
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
      endOrSuspend(context);
    }
  }

  /** At the end of a dispatch: an asynchronous request goes on (remembered), any other one ends. */
  private void endOrSuspend(RequestContext context) {
    Object request = context.request();
    boolean asyncStarted;
    try {
      asyncStarted = context.access().isAsyncStarted(request);
    } catch (RuntimeException e) {
      asyncStarted = false;
    }
    if (asyncStarted && context.isOpen()) {
      asyncRequests.put(request, context);
    } else {
      asyncRequests.remove(request);
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
    Finding finding = sqlInjection.check(context, jdbcObject, sql, method);
    if (finding != null) {
      reporter.report(context, finding);
    }
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
