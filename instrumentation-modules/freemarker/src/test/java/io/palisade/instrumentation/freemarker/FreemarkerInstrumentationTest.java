package io.palisade.instrumentation.freemarker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import freemarker.cache.StringTemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.detector.xss.TemplateSyntax;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.instrumentation.testing.template.Corpus;
import io.palisade.instrumentation.testing.template.RecordingTemplateHooks;
import io.palisade.instrumentation.testing.template.TemplateTestAgent;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real instrumentation in front of FreeMarker: a template source being parsed and a template name
 * being looked up are checked against the request's values with the detector's own rule, before
 * FreeMarker parses anything; values that only reach the model, escaped output, the application's own
 * template files and plain-text templates are left alone.
 */
class FreemarkerInstrumentationTest {
  private static final RecordingTemplateHooks hooks = RecordingTemplateHooks.readingLikeTheEngine();
  private static AgentInstaller installer;

  private final StringTemplateLoader files = new StringTemplateLoader();
  private final Configuration configuration = new Configuration(Configuration.VERSION_2_3_24);

  @BeforeAll
  static void install() {
    installer = TemplateTestAgent.install(hooks);
  }

  @AfterAll
  static void uninstall() {
    TemplateTestAgent.uninstallHooks();
  }

  @BeforeEach
  void forget() {
    hooks.reset();
    configuration.setTemplateLoader(files);
    configuration.setRecognizeStandardFileExtensions(true);
    // The corpus probe renders payloads outside a request: they must not run anything here.
    configuration.setNewBuiltinClassResolver(freemarker.core.TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    configuration.setAPIBuiltinEnabled(false);
    configuration.setTemplateExceptionHandler(freemarker.template.TemplateExceptionHandler.RETHROW_HANDLER);
    configuration.setLogTemplateExceptions(false);
  }

  @AfterEach
  void noPalisadeFailure() {
    assertThat(hooks.failures()).as("failures the bridge reported").isEmpty();
  }

  private static String render(Template template, Map<String, ?> model) throws IOException, TemplateException {
    StringWriter out = new StringWriter();
    template.process(model, out);
    return out.toString();
  }

  @Test
  void requestTemplateSyntaxInASourceStringIsBlockedBeforeItIsParsed() {
    for (String payload : List.of(
        "${\"freemarker.template.utility.Execute\"?new()(\"id\")}",
        "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}",
        "[#assign ex='freemarker.template.utility.Execute'?new()]${ex('id')}",
        "<#assign broken=", // would be a ParseException if it were parsed
        "#{7*7}")) {
      hooks.setRequestValues(payload);
      assertThatThrownBy(() -> new Template("card", "<p>Dear friend, " + payload + "</p>", configuration))
          .as(payload)
          .isInstanceOf(PalisadeBlockedException.class);
    }
    assertThat(installer.transformFailures()).isZero();
  }

  @Test
  void aSourceHandedOverAsAReaderIsCheckedAndStillParsedWhole() throws Exception {
    hooks.setRequestValues("<#list 1..3 as i>${i}</#list>");
    assertThatThrownBy(() -> new Template("card", new StringReader("x <#list 1..3 as i>${i}</#list> y"), configuration))
        .isInstanceOf(PalisadeBlockedException.class);

    // The same source without the request's value: read ahead, checked, and parsed from the replay.
    StringBuilder longSource = new StringBuilder("<#list 1..3 as i>${i}</#list>");
    while (longSource.length() < 20_000) {
      longSource.append(" padding text that is longer than one read buffer");
    }
    hooks.setRequestValues("${unrelated}");
    hooks.calls.clear();
    Template template = new Template("own", new StringReader(longSource.toString()), configuration);
    assertThat(render(template, Map.of())).isEqualTo("123" + longSource.substring("<#list 1..3 as i>${i}</#list>".length()));
    assertThat(hooks.calls).containsExactly("source freemarker read " + longSource.length());
  }

  @Test
  void aValueWithSyntaxThatOnlyReachesTheModelIsBenign() throws Exception {
    hooks.setRequestValues("${price}", "<#if admin>");
    Template template = new Template("card", "<p>Dear ${name}, ${note}</p>", configuration);
    assertThat(render(template, Map.of("name", "${price}", "note", "<#if admin>")))
        .isEqualTo("<p>Dear ${price}, <#if admin></p>");
    assertThat(hooks.findings()).isEmpty();
  }

  @Test
  void aBlogCommentWithDirectiveSyntaxRenderedEscapedIsBenign() throws Exception {
    String comment = "Tip: write <#list items as i>${i}</#list> in your page";
    hooks.setRequestValues(comment);
    files.putTemplate("comment.ftlh", "<article>${comment}</article>");
    String page = render(configuration.getTemplate("comment.ftlh"), Map.of("comment", comment));
    assertThat(page).isEqualTo("<article>Tip: write &lt;#list items as i&gt;${i}&lt;/#list&gt; in your page</article>");
    assertThat(hooks.findings()).isEmpty();
  }

  @Test
  void aTemplateNameChosenByTemplateSyntaxIsBlockedBeforeTheLookup() throws Exception {
    files.putTemplate("about.ftl", "about");
    hooks.setRequestValues("about");
    assertThat(render(configuration.getTemplate("about.ftl"), Map.of())).isEqualTo("about");
    assertThat(hooks.findings()).isEmpty();

    hooks.setRequestValues("${7*7}");
    assertThatThrownBy(() -> configuration.getTemplate("pages/${7*7}.ftl")).isInstanceOf(PalisadeBlockedException.class);
    assertThat(hooks.calls).contains("finding name pages/${7*7}.ftl");
  }

  @Test
  void theApplicationsOwnTemplateFileIsNotTakenForRequestData() throws Exception {
    // The page's own source contains ${name} and so does the request: the file is not request data.
    files.putTemplate("hello.ftlh", "<p>Hello ${name}</p>");
    hooks.setRequestValues("${name}");
    assertThat(render(configuration.getTemplate("hello.ftlh"), Map.of("name", "${name}")))
        .isEqualTo("<p>Hello ${name}</p>");
    assertThat(hooks.findings()).isEmpty();
    assertThat(hooks.calls).noneMatch(call -> call.startsWith("source"));
  }

  @Test
  void interpretOfARequestValueIsBlocked() throws Exception {
    hooks.setRequestValues("<#assign x=\"freemarker.template.utility.Execute\"?new()>${x(\"id\")}");
    Template template = new Template("page", "<p>${card?interpret}</p>", configuration);
    assertThatThrownBy(() -> render(template, Map.of("card", hooks.requestValues().get(0))))
        .satisfies(thrown -> assertThat(PalisadeBlockedException.findIn(thrown)).isNotNull());
  }

  @Test
  void aPlainTextTemplateIsNotParsedAndNotAFinding() throws Exception {
    hooks.setRequestValues("${7*7}");
    Template template = Template.getPlainTextTemplate("plain", "echo ${7*7}", configuration);
    assertThat(render(template, Map.of())).isEqualTo("echo ${7*7}");
    // FreeMarker parses a one-character placeholder and then sets the text as it is: only that is read.
    assertThat(hooks.calls).containsExactly("source freemarker read 1");
  }

  @Test
  void outsideARequestNothingIsRead() throws Exception {
    Template template = new Template("boot", "${1+1}", configuration);
    assertThat(render(template, Map.of())).isEqualTo("2");
    assertThat(hooks.calls).isEmpty();
  }

  /**
   * The SSTI list compiled as a card's text: a payload counts as detected when it is blocked; a
   * payload FreeMarker itself would evaluate or reject (its output differs from its text, or it does
   * not parse) must always be detected. The Big List of Naughty Strings (benign part) compiled the
   * same way gives the false positives: only strings that really are FreeMarker syntax may be flagged.
   */
  @Test
  void corpusFigures() throws Exception {
    List<String> sstiPayloads = Corpus.sstiPayloads();
    List<String> naughtyStrings = Corpus.naughtyStrings();
    int attacks = 0;
    int detected = 0;
    int freemarkerActive = 0;
    int freemarkerActiveDetected = 0;
    List<String> missedActive = new ArrayList<>();
    for (String line : sstiPayloads) {
      attacks++;
      boolean active = evaluatedByFreemarker(line);
      freemarkerActive += active ? 1 : 0;
      if (blocked(line)) {
        detected++;
        freemarkerActiveDetected += active ? 1 : 0;
      } else if (active) {
        missedActive.add(line);
      }
    }
    int benign = 0;
    List<String> flagged = new ArrayList<>();
    for (String line : naughtyStrings) {
      benign++;
      if (blocked(line)) {
        flagged.add(line);
      }
    }
    System.out.printf("FreeMarker SSTI corpus: %d/%d payloads blocked before parsing; of the payloads FreeMarker "
            + "evaluates or rejects, %d/%d blocked; missed among them: %s%n", detected, attacks, freemarkerActiveDetected,
        freemarkerActive, missedActive);
    System.out.printf("FreeMarker BLNS: %d/%d benign strings flagged when compiled into a template: %s%n",
        flagged.size(), benign, flagged);
    assertThat(missedActive).isEmpty();
    // Flagged benign strings are FreeMarker syntax, or another engine's (the rule is shared by all engines).
    for (String line : flagged) {
      assertThat(evaluatedByFreemarker(line) || OTHER_ENGINES_SYNTAX.contains(TemplateSyntax.constructIn(line)))
          .as(line).isTrue();
    }
  }

  private static final List<String> OTHER_ENGINES_SYNTAX = List.of("*{", "@{", "~{", "[[", "[(", "T(", "$class");

  private boolean blocked(String value) {
    hooks.setRequestValues(value);
    try {
      new Template("card", "<p>" + value + "</p>", configuration);
      return false;
    } catch (PalisadeBlockedException blocked) {
      return true;
    } catch (IOException parseError) {
      return false;
    } finally {
      hooks.setRequestValues();
    }
  }

  /** Whether FreeMarker treats the text as more than static text (outside a request: not checked). */
  private boolean evaluatedByFreemarker(String text) {
    try {
      Template template = new Template("probe", text, configuration);
      StringWriter out = new StringWriter();
      template.process(Map.of(), out);
      return !out.toString().equals(text);
    } catch (IOException | TemplateException | RuntimeException notStatic) {
      return true;
    }
  }
}
