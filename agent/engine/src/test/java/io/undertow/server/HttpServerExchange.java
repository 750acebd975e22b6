package io.undertow.server;

/** Test stand-in with the shape of Undertow's exchange: only what CommittedResponseAbort uses. */
public class HttpServerExchange {
  private final ServerConnection connection = new ServerConnection();

  public ServerConnection getConnection() {
    return connection;
  }
}
