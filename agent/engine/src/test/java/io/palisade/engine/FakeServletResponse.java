package io.palisade.engine;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A jakarta response that records what the engine writes, and whether it was committed first. */
final class FakeServletResponse {
  int status = 200;
  String contentType;
  boolean committed;
  boolean closed;
  boolean broken;
  final Map<String, String> headers = new LinkedHashMap<>();
  final ByteArrayOutputStream body = new ByteArrayOutputStream();

  HttpServletResponse proxy() {
    ServletOutputStream stream =
        new ServletOutputStream() {
          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}

          @Override
          public void write(int b) {
            if (!closed) {
              body.write(b);
            }
          }

          @Override
          public void close() {
            committed = true;
            closed = true;
          }
        };
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            HttpServletResponse.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "isCommitted":
                  return committed;
                case "reset":
                  if (broken) {
                    throw new IllegalStateException("a broken response wrapper");
                  }
                  if (committed) {
                    throw new IllegalStateException("committed");
                  }
                  body.reset();
                  headers.clear();
                  return null;
                case "setStatus":
                  status = (Integer) args[0];
                  return null;
                case "setContentType":
                  contentType = (String) args[0];
                  return null;
                case "setHeader":
                  headers.put((String) args[0], (String) args[1]);
                  return null;
                case "getOutputStream":
                  return stream;
                case "flushBuffer":
                  committed = true;
                  return null;
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  return null;
              }
            });
  }

  String bodyText() {
    return new String(body.toByteArray(), StandardCharsets.UTF_8);
  }
}
