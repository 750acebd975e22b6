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
