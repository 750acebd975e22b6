package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server-side template injection in Thymeleaf: a request value that becomes part of a template source
 * is blocked before the template is parsed; monitored, the page is what the application renders; a
 * greeting without template syntax, and the same payload passed as a variable, are unchanged.
 */
class TemplateInjectionIT {
  private static final String DB = "h2";

  @ParameterizedTest
  @ValueSource(strings = {"[[${7*7}]]", "[(${#ctx})]", "<span th:text=\"${T(java.lang.System).getenv()}\">x</span>"})
  void templateSyntaxFromTheRequestIsBlockedBeforeCompilation(String payload) {
    AppProcess reference = Apps.get(DB, Apps.Kind.NO_AGENT);
    Http.Call call = Http.Call.get("/thymeleaf/greeting", Http.HTML, "greeting", payload);
    assertThat(Http.send(reference, Http.Call.get("/thymeleaf/greeting", Http.HTML, "greeting", "[[${7*7}]]")).body())
        .as("without the agent the expression runs").contains("49");
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    int mark = Audit.mark(app);

    Http.Response response = Http.send(app, call);

    Expect.blockResponse(response, false, call.toString());
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events:\n%s", Audit.describe(events)).hasSize(1);
    JsonNode e = events.get(0);
    assertThat(e.path("detector").asText()).isEqualTo("template_injection");
    assertThat(e.path("action").asText()).isEqualTo("blocked");
    assertThat(e.path("cwe").asText()).isEqualTo("CWE-1336");
    assertThat(e.path("input").path("name").asText()).isEqualTo("greeting");
    assertThat(e.path("input").path("value").asText()).isEqualTo(payload);
    assertThat(e.path("sink").path("kind").asText()).isEqualTo("template");
    assertThat(e.path("sink").path("method").asText()).isEqualTo("org.thymeleaf.TemplateEngine.process");
    assertThat(e.path("sink").path("target").asText()).contains(payload);
    assertThat(e.path("stack").toString()).contains("io.palisade.demo.bookstore.ThymeleafServlet");
  }

  @Test
  void monitorModeRendersWhatTheApplicationRendersAndReportsIt() {
    Http.Call call = Http.Call.get("/thymeleaf/greeting", Http.HTML, "greeting", "[[${7*7}]]");
    Http.Response reference = Http.send(Apps.get(DB, Apps.Kind.NO_AGENT), call);
    AppProcess app = Apps.get(DB, Apps.Kind.MONITOR);
    int mark = Audit.mark(app);

    Expect.sameResponse(Http.send(app, call), reference, call.toString());
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events:\n%s", Audit.describe(events)).hasSize(1);
    assertThat(events.get(0).path("detector").asText()).isEqualTo("template_injection");
    assertThat(events.get(0).path("action").asText()).isEqualTo("monitored");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Hello there", "Price: $5 {approx}", "C# and #settings"})
  void greetingsWithoutTemplateSyntaxAreUnchanged(String greeting) {
    unchanged(Http.Call.get("/thymeleaf/greeting", Http.HTML, "greeting", greeting));
  }

  @Test
  void thePayloadPassedAsAVariableIsUnchanged() {
    unchanged(Http.Call.get("/safe/thymeleaf/greeting", Http.HTML, "greeting", "[[${7*7}]]"));
  }

  private static void unchanged(Http.Call call) {
    Http.Response reference = Http.send(Apps.get(DB, Apps.Kind.NO_AGENT), call);
    AppProcess app = Apps.get(DB, Apps.Kind.BLOCK);
    int mark = Audit.mark(app);
    Expect.sameResponse(Http.send(app, call), reference, call.toString());
    List<JsonNode> events = Expect.findings(Audit.since(app, mark));
    assertThat(events).as("events:\n%s", Audit.describe(events)).isEmpty();
  }
}
