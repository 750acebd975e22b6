package io.palisade.engine.blocking;

import java.lang.reflect.Method;

/**
 * Cuts the client connection of a request that was blocked after its response was committed, on
 * containers that would otherwise finish that response cleanly.
 *
 * <p>When a servlet call ends with an exception after the response was committed, Tomcat and Jetty
 * abort the connection: the client sees a broken response. Undertow instead ends the chunked body
 * properly, so a client cannot tell the truncated response from a complete one. For Undertow the
 * exchange's connection is closed here, before the container finishes the response. Found by the
 * container matrix (integration-tests, {@code UndertowIT}).
 */
public final class CommittedResponseAbort {
  private static final String UNDERTOW_EXCHANGE = "io.undertow.server.HttpServerExchange";

  /** Per request class: how to reach a closeable connection, or null when the container aborts by itself. */
  private static final ClassValue<Method[]> CONNECTION_CLOSE = new ClassValue<Method[]>() {
    @Override
    protected Method[] computeValue(Class<?> requestClass) {
      return undertowConnectionClose(requestClass);
    }
  };

  private CommittedResponseAbort() {}

  /**
   * Closes the connection of {@code request} if its container needs that to abort a committed
   * response. Returns true when it closed one.
   */
  public static boolean abortIfNeeded(Object request) throws ReflectiveOperationException {
    if (request == null) {
      return false;
    }
    Method[] path = CONNECTION_CLOSE.get(request.getClass());
    if (path == null) {
      return false;
    }
    Object exchange = path[0].invoke(request);
    Object connection = exchange == null ? null : path[1].invoke(exchange);
    if (connection == null) {
      return false;
    }
    path[2].invoke(connection);
    return true;
  }

  /**
   * Undertow's servlet request has a public {@code getExchange()}; the exchange's
   * {@code getConnection()} is a {@code ServerConnection}, whose {@code close()} closes the socket.
   * Resolved through the declared (public) types, never through implementation classes.
   */
  private static Method[] undertowConnectionClose(Class<?> requestClass) {
    try {
      Method getExchange = requestClass.getMethod("getExchange");
      if (!getExchange.getReturnType().getName().equals(UNDERTOW_EXCHANGE)) {
        return null;
      }
      Method getConnection = getExchange.getReturnType().getMethod("getConnection");
      Method close = getConnection.getReturnType().getMethod("close");
      return new Method[] {getExchange, getConnection, close};
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
  }
}
