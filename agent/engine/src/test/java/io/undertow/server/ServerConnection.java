package io.undertow.server;

/** Test stand-in with the shape of Undertow's connection: records whether it was closed. */
public class ServerConnection implements java.io.Closeable {
  public boolean closed;

  @Override
  public void close() {
    closed = true;
  }
}
