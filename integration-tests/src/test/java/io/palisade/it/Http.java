package io.palisade.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A small java.net.http client for the bookstore. */
final class Http {
  static final String JSON = "application/json";
  static final String HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  /** One response: status, content type and body. */
  record Response(int status, String contentType, String body) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }

  /** A request to send: method, path, parameters (query for GET, form body for POST) and Accept. */
  record Call(String method, String path, Map<String, String> params, String accept) {
    static Call get(String path, String accept, String... nameValues) {
      return new Call("GET", path, pairs(nameValues), accept);
    }

    static Call post(String path, String accept, String... nameValues) {
      return new Call("POST", path, pairs(nameValues), accept);
    }

    @Override
    public String toString() {
      return method + " " + path + " " + params + (accept == null ? "" : " Accept: " + accept);
    }
  }

  private Http() {}

  static Response send(AppProcess app, Call call) {
    String encoded = call.params().entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder builder;
    if (call.method().equals("GET")) {
      String uri = app.baseUrl() + call.path() + (encoded.isEmpty() ? "" : "?" + encoded);
      builder = HttpRequest.newBuilder(URI.create(uri)).GET();
    } else {
      builder = HttpRequest.newBuilder(URI.create(app.baseUrl() + call.path()))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(encoded, StandardCharsets.UTF_8));
    }
    if (call.accept() != null) {
      builder.header("Accept", call.accept());
    }
    builder.timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new AssertionError(call + " to " + app.spec.name + " failed: " + e + "\n" + app.outputs(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Sends {@code body} as it is, with its content type and any extra headers (name, value, ...):
   * for JSON, XML and multipart bodies, and for forged forwarding headers.
   */
  static Response sendBody(AppProcess app, String method, String pathAndQuery, String contentType, byte[] body,
      String accept, String... headerNamesAndValues) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(app.baseUrl() + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(Duration.ofSeconds(30));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (accept != null) {
      builder.header("Accept", accept);
    }
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      builder.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    try {
      HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + pathAndQuery + " to " + app.spec.name + " failed: " + e + "\n" + app.outputs(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A response whose body is kept as the bytes that came over the wire. */
  record BytesResponse(int status, String contentType, byte[] body) {
    String text(java.nio.charset.Charset charset) {
      return new String(body, charset);
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  /** As {@link #send}, the body as bytes (a GET). */
  static BytesResponse sendForBytes(AppProcess app, Call call) {
    String encoded = call.params().entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    String uri = app.baseUrl() + call.path() + (encoded.isEmpty() ? "" : "?" + encoded);
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).GET().timeout(Duration.ofSeconds(30));
    if (call.accept() != null) {
      builder.header("Accept", call.accept());
    }
    try {
      HttpResponse<byte[]> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new BytesResponse(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new AssertionError(call + " to " + app.spec.name + " failed: " + e + "\n" + app.outputs(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static Response get(AppProcess app, String path, String accept, String... nameValues) {
    return send(app, Call.get(path, accept, nameValues));
  }

  /** Percent-encoding as a browser does for a query: a space is %20, not '+'. */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Map<String, String> pairs(String... nameValues) {
    if (nameValues.length % 2 != 0) {
      throw new IllegalArgumentException("name/value pairs expected");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      m.put(nameValues[i], nameValues[i + 1]);
    }
    return m;
  }
}
