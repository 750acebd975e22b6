package io.palisade.engine;

import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the engine on the bridge while the policy loads beside the application's start-up.
 *
 * <p>Only two kinds of hook depend on the policy before any request exists: a request's entry (access
 * rules, and the request context every later check needs) and an outbound call (egress rules apply
 * outside requests too). Those wait here until the engine is installed. Every other hook can only
 * matter inside a request, and no request can have started without the engine, so they do nothing.
 * Once the engine is installed the bridge calls it directly and this object is out of the way.
 */
final class PendingEngine extends EngineHooks {
  private static final Logger log = LoggerFactory.getLogger(PendingEngine.class);

  /** A start that hangs must not hang the application with it. */
  private static final long MAX_WAIT_MILLIS = Long.getLong("palisade.start.wait.millis", 60_000L);

  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicBoolean waitExpiredReported = new AtomicBoolean();
  private volatile EngineHooks engine;
  private volatile Thread startingThread;

  /** The thread that builds the engine: a hook it triggers itself must not wait for itself. */
  void startingThread(Thread thread) {
    startingThread = thread;
  }

  /** The engine is built: from now on the bridge calls it, and every waiting hook goes on to it. */
  void started(EngineHooks startedEngine) {
    engine = startedEngine;
    Bridge.install(startedEngine);
    finished.countDown();
  }

  /** The engine could not be built: hooks stop waiting and do nothing (the failure was reported). */
  void failed() {
    Bridge.install(null);
    finished.countDown();
  }

  private EngineHooks awaitEngine() {
    EngineHooks current = engine;
    if (current != null || Thread.currentThread() == startingThread) {
      return current;
    }
    try {
      if (!finished.await(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS) && waitExpiredReported.compareAndSet(false, true)) {
        log.error("the engine has not started after {} ms; calls go on unchecked until it has", MAX_WAIT_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return engine;
  }

  @Override
  public Object requestEnter(Object request, Object response) {
    EngineHooks current = awaitEngine();
    return current == null ? null : current.requestEnter(request, response);
  }

  @Override
  public void checkOutbound(Object connection, String url, String client) {
    EngineHooks current = awaitEngine();
    if (current != null) {
      current.checkOutbound(connection, url, client);
    }
  }

  @Override
  public void checkOutboundRedirect(String from, String to, String client) {
    EngineHooks current = awaitEngine();
    if (current != null) {
      current.checkOutboundRedirect(from, to, client);
    }
  }

  @Override
  public Throwable requestExit(Object scope, Throwable thrown) {
    // A scope comes only from the engine's own requestEnter.
    EngineHooks current = engine;
    return current == null ? thrown : current.requestExit(scope, thrown);
  }

  @Override
  public void reportFailure(String where, Throwable failure) {
    EngineHooks current = engine;
    if (current != null) {
      current.reportFailure(where, failure);
    } else {
      log.warn("internal failure in {} while starting (the application continues): {}", where, failure.toString());
    }
  }
}
