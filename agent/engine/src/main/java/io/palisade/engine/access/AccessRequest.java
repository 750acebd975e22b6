package io.palisade.engine.access;

/** What access rules may ask of a request, read only when a rule needs it. */
public interface AccessRequest {
  /** The HTTP method, upper case. */
  String method();

  /** The {@link PathNormalizer normalised} path below the context path. */
  String path();

  String header(String name);

  /** A parameter of the query string (never the body: reading it would consume it before the application). */
  String queryParameter(String name);

  /** The client IP as decided by the trusted-proxy rules. */
  String clientIp();

  /** The container's authenticated principal's name, or null. */
  String principal();

  boolean isUserInRole(String role);

  /** Whether the request's existing session (none is created) holds the attribute. */
  boolean hasSessionAttribute(String name);
}
