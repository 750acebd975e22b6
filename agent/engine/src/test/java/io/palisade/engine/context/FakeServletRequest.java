package io.palisade.engine.context;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A servlet request (and response) of either namespace, made with a dynamic proxy so that the same
 * test runs against javax.servlet and jakarta.servlet. Records which methods were called.
 */
public final class FakeServletRequest {
  final String method;
  final String uri;
  final String query;
  final Map<String, List<String>> headers = new LinkedHashMap<>();
  final Map<String, String[]> parameters = new LinkedHashMap<>();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  String contentType;
  String remoteAddr = "203.0.113.7";

  public FakeServletRequest(String method, String uri, String query) {
    this.method = method;
    this.uri = uri;
    this.query = query;
  }

  public FakeServletRequest header(String name, String value) {
    headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  public FakeServletRequest contentType(String value) {
    contentType = value;
    return this;
  }

  public FakeServletRequest remoteAddr(String value) {
    remoteAddr = value;
    return this;
  }

  /** A parameter the container parsed from a form body (which only a form content type makes it do). */
  public FakeServletRequest formParameter(String name, String value) {
    parameters.put(name, new String[] {value});
    if (contentType == null) {
      contentType = "application/x-www-form-urlencoded";
    }
    return this;
  }

  /** A parameter the container decoded from the query string, possibly not as UTF-8 (its URI charset). */
  public FakeServletRequest queryParameter(String name, String value) {
    parameters.put(name, new String[] {value});
    return this;
  }

  public Object as(String namespace) throws ClassNotFoundException {
    Class<?> type = Class.forName(namespace + ".http.HttpServletRequest");
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, m, args) -> {
          calls.add(m.getName());
          switch (m.getName()) {
            case "getMethod":
              return method;
            case "getRequestURI":
              return uri;
            case "getQueryString":
              return query;
            case "getRemoteAddr":
              return remoteAddr;
            case "getLocalAddr":
              return "127.0.0.1";
            case "getLocalPort":
              return 8080;
            case "getContentType":
              return contentType;
            case "getHeaderNames":
              return Collections.enumeration(headers.keySet());
            case "getHeaders":
              return Collections.enumeration(headers.getOrDefault((String) args[0], Collections.emptyList()));
            case "getHeader":
              List<String> values = headers.get((String) args[0]);
              return values == null ? null : values.get(0);
            case "getParameterMap":
              return parameters;
            case "getUserPrincipal":
              return null;
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            case "toString":
              return "FakeRequest " + uri;
            default:
              return null;
          }
        });
  }
}
