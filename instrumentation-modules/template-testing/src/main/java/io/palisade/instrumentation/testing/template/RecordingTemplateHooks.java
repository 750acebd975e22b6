package io.palisade.instrumentation.testing.template;

import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.detector.xss.TemplateSyntax;
import io.palisade.engine.template.TemplateInjectionCheck;
import io.palisade.engine.template.TemplateSourceReader;
import java.io.Reader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Engine hooks that take the engine's template decision ({@link TemplateSyntax#injectedValue} on the
 * template as the engine describes it) against request values the test sets, instead of a servlet
 * request's, and record what reached the bridge, so that a template module's test sees what its advice
 * hands over and what a block does to the template engine.
 *
 * <p>{@link #calls}: "name ENGINE TEMPLATE" (a template about to be resolved, in a request), "source
 * ENGINE read LENGTH" (a template source read to be checked), "finding name|source TEXT" (blocked),
 * "failure WHERE: ..." (a failure the bridge reported). {@link #sourcesRead}: "NAME: TEXT" for every
 * source read, i.e. the text the engine then parses.
 */
public final class RecordingTemplateHooks extends EngineHooks {
  public final List<String> calls = new CopyOnWriteArrayList<>();
  public final List<String> sourcesRead = new CopyOnWriteArrayList<>();
  private final boolean readEverySource;
  private volatile List<String> requestValues = List.of();

  private RecordingTemplateHooks(boolean readEverySource) {
    this.readEverySource = readEverySource;
  }

  /**
   * Reads a template source only as the engine does: in a request, and only when a request value
   * carries template syntax (otherwise the engine leaves the reader unread).
   */
  public static RecordingTemplateHooks readingLikeTheEngine() {
    return new RecordingTemplateHooks(false);
  }

  /** Reads and records every template source, in a request or not: shows every path to the parser. */
  public static RecordingTemplateHooks readingEverySource() {
    return new RecordingTemplateHooks(true);
  }

  /** The current request's values; none: outside a request. */
  public void setRequestValues(String... values) {
    requestValues = List.of(values);
  }

  public List<String> requestValues() {
    return requestValues;
  }

  /** Forgets the request values and everything recorded, before each test. */
  public void reset() {
    requestValues = List.of();
    calls.clear();
    sourcesRead.clear();
  }

  public List<String> findings() {
    return calls.stream().filter(call -> call.startsWith("finding")).collect(Collectors.toList());
  }

  public List<String> failures() {
    return calls.stream().filter(call -> call.startsWith("failure")).collect(Collectors.toList());
  }

  @Override
  public void checkTemplate(String engine, Object template) {
    List<String> values = requestValues;
    if (values.isEmpty()) {
      return; // outside a request, as the engine
    }
    String described = TemplateInjectionCheck.describe(template);
    calls.add("name " + engine + " " + described);
    blockIfInjected("name", described, values);
  }

  @Override
  public Reader checkTemplateSource(String engine, String name, Reader source) {
    List<String> values = requestValues;
    if (!readEverySource && values.stream().allMatch(value -> TemplateSyntax.constructIn(value) == null)) {
      return source; // no request, or no value a source could carry: the engine leaves the reader unread
    }
    TemplateSourceReader read = TemplateSourceReader.read(source);
    calls.add("source " + engine + " read " + read.text().length());
    sourcesRead.add(name + ": " + read.text());
    blockIfInjected("source", read.text(), values);
    return read;
  }

  private void blockIfInjected(String where, String template, List<String> values) {
    if (TemplateSyntax.injectedValue(template, values) >= 0) {
      calls.add("finding " + where + " " + template);
      throw new PalisadeBlockedException("template_injection", "blocked by the test's hooks");
    }
  }

  @Override
  public void reportFailure(String where, Throwable failure) {
    calls.add("failure " + where + ": " + failure);
  }
}
