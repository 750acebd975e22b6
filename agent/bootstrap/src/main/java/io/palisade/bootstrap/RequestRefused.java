package io.palisade.bootstrap;

/**
 * Returned by the servlet entry when an access rule refused the request and its response is already
 * written: the entry advice skips the servlet or filter method ({@code skipOn}), so neither the filter
 * chain nor the application runs. The exit advice hands it back to the bridge, which closes the
 * request context it carries.
 */
public final class RequestRefused {
  private final Object context;

  public RequestRefused(Object context) {
    this.context = context;
  }

  public Object context() {
    return context;
  }
}
