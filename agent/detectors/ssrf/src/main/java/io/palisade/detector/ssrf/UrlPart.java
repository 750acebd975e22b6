package io.palisade.detector.ssrf;

/** The parts of an outbound URL that decide where it goes. */
public enum UrlPart {
  SCHEME("scheme"),
  HOST("host"),
  PORT("port");

  private final String id;

  UrlPart(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
