package io.palisade.engine.context;

import io.palisade.engine.access.AccessRequest;
import io.palisade.engine.access.PathNormalizer;
import java.util.Locale;

/** A servlet request as the access rules see it: each value read from the container when first asked. */
public final class ServletAccessRequest implements AccessRequest {
  private final RequestContext context;
  private String path;

  public ServletAccessRequest(RequestContext context) {
    this.context = context;
  }

  @Override
  public String method() {
    String method = context.method();
    return method == null ? "" : method.toUpperCase(Locale.ROOT);
  }

  @Override
  public String path() {
    if (path == null) {
      ServletAccess access = context.access();
      path = PathNormalizer.normalize(access.requestUri(context.request()), access.contextPath(context.request()));
    }
    return path;
  }

  @Override
  public String header(String name) {
    return context.header(name);
  }

  @Override
  public String queryParameter(String name) {
    String query = context.access().queryString(context.request());
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = UrlDecoding.decodeForm(equals < 0 ? pair : pair.substring(0, equals));
      if (key.equals(name)) {
        return equals < 0 ? "" : UrlDecoding.decodeForm(pair.substring(equals + 1));
      }
    }
    return null;
  }

  @Override
  public String clientIp() {
    return context.clientIp();
  }

  @Override
  public String principal() {
    return context.user();
  }

  @Override
  public boolean isUserInRole(String role) {
    return context.access().isUserInRole(context.request(), role);
  }

  @Override
  public boolean hasSessionAttribute(String name) {
    return context.access().hasSessionAttribute(context.request(), name);
  }
}
