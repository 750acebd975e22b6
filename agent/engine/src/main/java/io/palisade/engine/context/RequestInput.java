package io.palisade.engine.context;

import java.util.Locale;
import java.util.function.Supplier;

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

  /** Which part of the named input the value is; the audit event's {@code input.part}. */
  public enum Part {
    VALUE,
    /** A parameter name or a JSON key. */
    NAME,
    /** The file name of a multipart file. */
    FILENAME;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Source source;
  /**
   * The name, or a {@code Supplier<String>} that builds it on first use (a JSON pointer: most are never
   * read, only a finding names its input). One field for both: a request holds dozens of inputs.
   */
  private Object name;
  private final String value;
  private final Part part;
  private final String decoding;

  public RequestInput(Source source, String name, String value) {
    this(source, name, value, Part.VALUE, null);
  }

  public RequestInput(Source source, String name, String value, Part part, String decoding) {
    this(source, (Object) name, value, part, decoding);
  }

  /** An input whose name is built only when something reads it. */
  RequestInput(Source source, Supplier<String> nameBuilder, String value, Part part) {
    this(source, (Object) nameBuilder, value, part, null);
  }

  private RequestInput(Source source, Object name, String value, Part part, String decoding) {
    this.source = source;
    this.name = name;
    this.value = value;
    this.part = part;
    this.decoding = decoding;
  }

  public Source source() {
    return source;
  }

  public String name() {
    Object known = name;
    if (known instanceof Supplier) {
      @SuppressWarnings("unchecked")
      String built = ((Supplier<String>) known).get(); // a race builds the same string twice, harmlessly
      name = built;
      return built;
    }
    return (String) known;
  }

  /** The value as the sink saw it: decoded when {@link #decoding()} says so. */
  public String value() {
    return value;
  }

  public Part part() {
    return part;
  }

  /** "url" or "base64" when this is the decoded form of what the request carried; null when raw. */
  public String decoding() {
    return decoding;
  }

  /** The same input, as found after decoding its value once. */
  RequestInput decoded(String decodedValue, String how) {
    return new RequestInput(source, name, decodedValue, part, how);
  }

  /** "parameter 'id'", as a reviewer reads it. */
  public String describe() {
    String described = source.id() + (part == Part.VALUE ? "" : " " + part.id()) + " '" + name() + "'";
    return decoding == null ? described : described + " (" + decoding + "-decoded)";
  }

  @Override
  public String toString() {
    return describe() + "=" + value;
  }
}
