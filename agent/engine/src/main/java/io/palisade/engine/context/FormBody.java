package io.palisade.engine.context;

/** {@code application/x-www-form-urlencoded}: names and values, as the container will decode them. */
final class FormBody {
  private FormBody() {}

  static void collect(String text, RequestContext.InputCollector collector) {
    collector.addPairs(text);
  }
}
