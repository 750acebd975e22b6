package io.palisade.engine.context;

import java.util.Locale;

/** One value the request carried, with where it came from. */
public final class RequestInput {
  /** Where a value came from; the audit event's {@code input.source}. */
  public enum Source {
    PARAMETER,
    PATH,
    HEADER,
    COOKIE,
    BODY;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Source source;
  private final String name;
  private final String value;

  public RequestInput(Source source, String name, String value) {
    this.source = source;
    this.name = name;
    this.value = value;
  }

  public Source source() {
    return source;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** "parameter 'id'", as a reviewer reads it. */
  public String describe() {
    return source.id() + " '" + name + "'";
  }

  @Override
  public String toString() {
    return describe() + "=" + value;
  }
}
