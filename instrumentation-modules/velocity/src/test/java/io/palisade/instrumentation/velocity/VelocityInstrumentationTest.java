package io.palisade.instrumentation.velocity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.detector.xss.TemplateSyntax;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.instrumentation.testing.template.RecordingTemplateHooks;
import io.palisade.instrumentation.testing.template.TemplateTestAgent;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.Velocity;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real instrumentation in front of Velocity 2.x: every path to the parser (evaluate with a string
 * or a reader, the {@code Velocity} singleton, a template loaded by name, {@code #evaluate} inside a
 * template) hands the template text to the bridge before parsing, the parser reads the text the check
 * read, and a request value with Velocity syntax in that text is blocked before anything is parsed or
 * rendered. The hooks decide as the engine does ({@link TemplateSyntax#injectedValue}) and read every
 * source, in a request or not, so that every path to the parser shows.
 */
class VelocityInstrumentationTest {
  /** Shared with {@link VelocityCorpusEvaluationTest}: the agent is installed once for the test JVM. */
  static final RecordingTemplateHooks hooks = RecordingTemplateHooks.readingEverySource();
  private static AgentInstaller installer;
  private static VelocityEngine velocity;

  @BeforeAll
  static void install() {
    installer = TemplateTestAgent.install(hooks);
    velocity = new VelocityEngine();
    velocity.setProperty(RuntimeConstants.RESOURCE_LOADERS, "classpath");
    velocity.setProperty("resource.loader.classpath.class", ClasspathResourceLoader.class.getName());
    velocity.init();
  }

  @BeforeEach
  void forget() {
    hooks.reset();
  }

  @AfterEach
  void noPalisadeFailure() {
    assertThat(hooks.failures()).as("failures the bridge reported").isEmpty();
  }

  static String evaluate(String template, VelocityContext context) {
    StringWriter out = new StringWriter();
    velocity.evaluate(context, out, "preview", template);
    return out.toString();
  }

  @Test
  void everyPathToTheParserIsCheckedWithTheTextItParses() throws IOException {
    VelocityContext context = new VelocityContext();
    context.put("name", "Ada");
    assertThat(evaluate("Hello $name", context)).isEqualTo("Hello Ada");

    StringWriter reader = new StringWriter();
    velocity.evaluate(context, reader, "reader", new StringReader("Bye $name"));
    assertThat(reader.toString()).isEqualTo("Bye Ada");

    Velocity.init();
    StringWriter singleton = new StringWriter();
    Velocity.evaluate(context, singleton, "singleton", "Hi $name");
    assertThat(singleton.toString()).isEqualTo("Hi Ada");

    context.put("title", "spring sale");
    context.put("snippet", "#set($d = 10)$d% off");
    StringWriter page = new StringWriter();
    Template template = velocity.getTemplate("templates/preview.vm");
    template.merge(context, page);
    assertThat(page.toString()).isEqualTo("<p>Preview of spring sale</p>\n10% off");

    assertThat(hooks.sourcesRead).containsExactly(
        "preview: Hello $name",
        "reader: Bye $name",
        "singleton: Hi $name",
        "templates/preview.vm: <p>Preview of $title</p>\n#evaluate($snippet)\n",
        "templates/preview.vm: #set($d = 10)$d% off");
    assertThat(installer.transformFailures()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "#set($x=$class.forName(\"java.lang.Runtime\"))$x.getRuntime()",
      "$x.getClass().forName(\"java.lang.Runtime\")",
      "#evaluate(\"#set($a = 49)$a\")",
      "${name.getClass().getName()}",
      "#foreach($i in [1..3])$i#end",
      "#set ($e = \"e\")$e.getClass().forName(\"java.lang.Runtime\").getMethod(\"getRuntime\", null)",
  })
  void requestSyntaxInAnEvaluatedTemplateIsBlockedBeforeItIsParsed(String attack) {
    hooks.setRequestValues(attack);
    VelocityContext context = new VelocityContext();
    context.put("name", "Ada");
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> velocity.evaluate(context, out, "preview", "Dear customer, " + attack))
        .isInstanceOf(PalisadeBlockedException.class);
    assertThat(out.toString()).as("nothing was rendered").isEmpty();
  }

  @Test
  void requestSyntaxReachingEvaluateInsideATemplateIsBlocked() {
    String attack = "#set($x = $title.getClass().forName(\"java.lang.Runtime\"))";
    hooks.setRequestValues("spring sale", attack);
    VelocityContext context = new VelocityContext();
    context.put("title", "spring sale");
    context.put("snippet", attack);
    StringWriter page = new StringWriter();
    Template template = velocity.getTemplate("templates/preview.vm");
    assertThatThrownBy(() -> template.merge(context, page))
        .satisfies(thrown -> assertThat(causes(thrown)).hasAtLeastOneElementOfType(PalisadeBlockedException.class));
    assertThat(page.toString()).doesNotContain("Runtime");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Your order #1234 costs $5", "#1 bestseller", "$5.00 (incl. tax)", "C# and #settings",
      "50% of $price", "Issue #42 (fixed)", "$('#id').hide()", "a < b && c > d"})
  void benignLookAlikesInAnEvaluatedTemplatePass(String text) {
    hooks.setRequestValues(text);
    StringWriter out = new StringWriter();
    velocity.evaluate(new VelocityContext(), out, "preview", "Preview: " + text);
    assertThat(out.toString()).startsWith("Preview: ");
    assertThat(hooks.sourcesRead).containsExactly("preview: Preview: " + text);
  }

  @Test
  void velocitySyntaxInAModelValueIsOnlyDataAndPasses() {
    String value = "#set($x = $class.forName(\"java.lang.Runtime\"))";
    hooks.setRequestValues(value);
    VelocityContext context = new VelocityContext();
    context.put("comment", value);
    assertThat(evaluate("<p>$comment</p>", context)).isEqualTo("<p>" + value + "</p>");
  }

  static List<Throwable> causes(Throwable thrown) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
