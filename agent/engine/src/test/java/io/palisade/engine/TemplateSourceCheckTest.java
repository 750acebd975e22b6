package io.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditSettings;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.bootstrap.RequestScope;
import io.palisade.engine.context.FakeServletRequest;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.engine.findings.PolicyState;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Template text handed over as a reader (Velocity): read only when a request value carries template
 * syntax, blocked or reported when such a value is in the text, and always parsed from the same characters.
 */
class TemplateSourceCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ATTACK = "#set($x = $class.forName(\"java.lang.Runtime\"))";

  @TempDir Path dir;
  private AuditLog audit;

  @AfterEach
  void close() {
    RequestScope.clear();
    if (audit != null) {
      audit.close();
    }
  }

  private PalisadeEngine engine(String mode) throws Exception {
    String policyJson = "{\"version\":1,\"name\":\"unit\",\"mode\":\"" + mode + "\",\"audit\":{\"path\":\"x.jsonl\"}}";
    PolicyLoadResult loaded = PolicyLoader.parse(policyJson.getBytes(StandardCharsets.UTF_8), "unit.json");
    assertThat(loaded.errors()).isEmpty();
    audit = AuditLog.open(AuditSettings.builder().path(dir.resolve("audit.jsonl")).build());
    return new PalisadeEngine(new FindingReporter(new PolicyState(loaded.policy(), audit), ServiceInfo.detect()));
  }

  private List<JsonNode> auditEvents() throws Exception {
    audit.flush();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  private static Object request(String text) throws Exception {
    return new FakeServletRequest("GET", "/preview", "text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)).as("jakarta.servlet");
  }

  private static String readAll(Reader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int c; (c = reader.read()) >= 0; ) {
      text.append((char) c);
    }
    return text.toString();
  }

  @Test
  void syntaxFromTheRequestInTheTemplateTextIsBlockedWithOneEvent() throws Exception {
    PalisadeEngine engine = engine("block");
    FakeServletResponse response = new FakeServletResponse();
    Object scope = engine.requestEnter(request(ATTACK), response.proxy());

    assertThatThrownBy(() -> engine.checkTemplateSource("velocity", "preview", new StringReader("Dear customer, " + ATTACK)))
        .isInstanceOf(PalisadeBlockedException.class);

    assertThat(response.status).isEqualTo(403);
    JsonNode event = auditEvents().get(0);
    assertThat(event.path("detector").asText()).isEqualTo("template_injection");
    assertThat(event.path("action").asText()).isEqualTo("blocked");
    assertThat(event.path("input").path("value").asText()).isEqualTo(ATTACK);
    assertThat(event.path("sink").path("method").asText()).isEqualTo("org.apache.velocity.runtime.RuntimeInstance.parse");
    assertThat(event.path("sink").path("target").asText()).isEqualTo("preview: Dear customer, " + ATTACK);
    engine.requestExit(scope, null);
  }

  @Test
  void monitoredTheParserReadsTheSameText() throws Exception {
    PalisadeEngine engine = engine("monitor");
    Object scope = engine.requestEnter(request(ATTACK), new FakeServletResponse().proxy());

    Reader parsed = engine.checkTemplateSource("velocity", "preview", new StringReader("Dear customer, " + ATTACK));

    assertThat(readAll(parsed)).isEqualTo("Dear customer, " + ATTACK);
    assertThat(auditEvents()).singleElement().satisfies(e -> assertThat(e.path("action").asText()).isEqualTo("monitored"));
    engine.requestExit(scope, null);
  }

  @Test
  void withoutSyntaxInAnyValueTheReaderIsNotEvenRead() throws Exception {
    PalisadeEngine engine = engine("block");
    Object scope = engine.requestEnter(request("Your order #1234 costs $5"), new FakeServletResponse().proxy());
    StringReader source = new StringReader("Your order #1234 costs $5");

    assertThat(engine.checkTemplateSource("velocity", "preview", source)).isSameAs(source);
    assertThat(auditEvents()).isEmpty();
    engine.requestExit(scope, null);
  }

  @Test
  void syntaxInARequestValueThatIsNotInTheTextIsNoFinding() throws Exception {
    PalisadeEngine engine = engine("block");
    Object scope = engine.requestEnter(request(ATTACK), new FakeServletResponse().proxy());

    Reader parsed = engine.checkTemplateSource("velocity", "page.vm", new StringReader("<p>$comment</p>"));

    assertThat(readAll(parsed)).isEqualTo("<p>$comment</p>");
    assertThat(auditEvents()).isEmpty();
    engine.requestExit(scope, null);
  }

  @Test
  void aReadFailureReachesTheParserAfterTheCharactersReadBeforeIt() throws Exception {
    PalisadeEngine engine = engine("block");
    Object scope = engine.requestEnter(request(ATTACK), new FakeServletResponse().proxy());
    IOException failure = new IOException("disk gone");
    Reader broken = new Reader() {
      private boolean first = true;

      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        if (first) {
          first = false;
          "Hello ".getChars(0, 6, buffer, offset);
          return 6;
        }
        throw failure;
      }

      @Override
      public void close() {}
    };

    Reader parsed = engine.checkTemplateSource("velocity", "broken", broken);

    char[] chunk = new char[16];
    assertThat(new String(chunk, 0, parsed.read(chunk, 0, 16))).isEqualTo("Hello ");
    assertThatThrownBy(() -> parsed.read(chunk, 0, 16)).isSameAs(failure);
    engine.requestExit(scope, null);
  }
}
