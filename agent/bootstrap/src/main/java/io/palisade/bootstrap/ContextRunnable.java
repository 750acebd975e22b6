package io.palisade.bootstrap;

/**
 * Work handed to another thread while a request was active: it runs with that request's context,
 * as long as the request has not ended (work that outlives its request runs without one).
 */
public final class ContextRunnable implements Runnable {
  private final Runnable delegate;
  private final Object requestContext;

  ContextRunnable(Runnable delegate, Object requestContext) {
    this.delegate = delegate;
    this.requestContext = requestContext;
  }

  @Override
  public void run() {
    boolean adopted = Bridge.taskStart(requestContext);
    try {
      delegate.run();
    } finally {
      if (adopted) {
        Bridge.taskEnd(requestContext);
      }
    }
  }

  /** The application's own task, e.g. for a rejection handler that wants to inspect it. */
  public Runnable delegate() {
    return delegate;
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
