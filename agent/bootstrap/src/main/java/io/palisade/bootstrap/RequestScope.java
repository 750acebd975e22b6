package io.palisade.bootstrap;

/**
 * Holds the current request's context for this thread. The value is an engine object, typed as
 * Object here because the bootstrap class path must not see engine classes. It sits on the
 * bootstrap class path so that hand-offs to other threads can carry it along.
 */
public final class RequestScope {
  private static final ThreadLocal<Object> CURRENT = new ThreadLocal<Object>();

  private RequestScope() {}

  public static Object current() {
    return CURRENT.get();
  }

  public static void set(Object context) {
    CURRENT.set(context);
  }

  public static void clear() {
    CURRENT.remove();
  }
}
