package io.palisade.benchmarks;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A jakarta request (and response) made with a dynamic proxy, as the engine's own tests do, so that the
 * engine reaches it through {@code ServletAccess} reflection exactly as it reaches a container's.
 */
final class FakeRequests {
  private FakeRequests() {}

  /** GET /api/catalog/items?category=outdoor&page=3&sort=price_asc with 10 headers and 2 cookies. */
  static HttpServletRequest typicalRequest() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    header(headers, "host", "shop.example.com");
    header(headers, "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
    header(headers, "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    header(headers, "accept-language", "en-US,en;q=0.5");
    header(headers, "accept-encoding", "gzip, deflate, br");
    header(headers, "connection", "keep-alive");
    header(headers, "referer", "https://shop.example.com/catalog?page=2");
    header(headers, "x-forwarded-for", "198.51.100.23, 10.0.0.4");
    header(headers, "x-request-id", "3f2b9c1e-8d4a-4b6f-9e2a-7c5d1f0a9b8e");
    header(headers, "cache-control", "max-age=0");
    header(headers, "cookie", "JSESSIONID=9C1E5A7F0B3D8E2A4F6B1C0D9E8F7A6B; theme=dark");
    return request("GET", "/api/catalog/items", "category=outdoor&page=3&sort=price_asc", headers);
  }

  /** A search form submitted by GET: 20 query parameters, the typical headers but cookies. */
  static HttpServletRequest twentyParameters() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    header(headers, "host", "shop.example.com");
    header(headers, "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
    header(headers, "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    header(headers, "accept-language", "en-US,en;q=0.5");
    header(headers, "accept-encoding", "gzip, deflate, br");
    header(headers, "connection", "keep-alive");
    StringBuilder query = new StringBuilder();
    String[] names = {"q", "category", "brand", "color", "size", "min_price", "max_price", "sort", "page",
        "per_page", "in_stock", "rating", "material", "season", "gender", "shipping", "seller", "discount",
        "view", "lang"};
    String[] values = {"trail+running+shoes", "outdoor", "Salomon", "blue", "42", "50", "180", "price_asc", "3",
        "24", "true", "4", "gore-tex", "autumn", "women", "express", "shop-4815", "10", "grid", "en-GB"};
    for (int i = 0; i < names.length; i++) {
      query.append(i == 0 ? "" : "&").append(names[i]).append('=').append(values[i]);
    }
    return request("GET", "/search", query.toString(), headers);
  }

  /** A JSON API call: the typical headers plus a content type, no query. */
  static HttpServletRequest jsonPost() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    header(headers, "host", "shop.example.com");
    header(headers, "user-agent", "okhttp/4.12.0");
    header(headers, "accept", "application/json");
    header(headers, "content-type", "application/json; charset=UTF-8");
    header(headers, "x-request-id", "3f2b9c1e-8d4a-4b6f-9e2a-7c5d1f0a9b8e");
    header(headers, "authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl");
    return request("POST", "/api/orders", null, headers);
  }

  static HttpServletRequest request(String method, String uri, String query, Map<String, List<String>> headers) {
    Map<String, String[]> parameters = new LinkedHashMap<>();
    return (HttpServletRequest) Proxy.newProxyInstance(
        HttpServletRequest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class},
        (proxy, m, args) -> {
          switch (m.getName()) {
            case "getMethod":
              return method;
            case "getRequestURI":
              return uri;
            case "getQueryString":
              return query;
            case "getRemoteAddr":
              return "203.0.113.7";
            case "getContentType":
              List<String> contentType = headers.get("content-type");
              return contentType == null ? null : contentType.get(0);
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

  static HttpServletResponse response() {
    return (HttpServletResponse) Proxy.newProxyInstance(
        HttpServletResponse.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class},
        (proxy, m, args) -> {
          switch (m.getName()) {
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            case "isCommitted":
              return false;
            default:
              return null;
          }
        });
  }

  private static void header(Map<String, List<String>> headers, String name, String value) {
    headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }
}
