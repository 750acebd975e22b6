package io.palisade.detector.xss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReflectionMatcherTest {
  private final XssDetector detector = new XssDetector();

  /** Renders {@code page} through a matcher in chunks of {@code chunk} characters. */
  private Result render(String page, int chunk, ReflectionMatcher.Action action, String... requestValues) {
    Result result = new Result();
    List<ActiveValue> active = detector.activeValues(Arrays.asList(requestValues));
    ReflectionMatcher matcher =
        new ReflectionMatcher(
            active,
            (value, where, reason, excerpt) -> {
              result.findings.add(value.text() + " @" + where);
              return action;
            },
            (text, from, to) -> {
              result.output.append(text, from, to);
              result.maxHeld = Math.max(result.maxHeld, 0);
            });
    for (int i = 0; i < page.length(); i += chunk) {
      matcher.write(page, i, Math.min(page.length(), i + chunk));
      result.maxHeld = Math.max(result.maxHeld, matcher.pendingLength());
    }
    matcher.finish();
    return result;
  }

  static final class Result {
    final StringBuilder output = new StringBuilder();
    final List<String> findings = new ArrayList<>();
    int maxHeld;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 100000})
  void findsAReflectedTagWhateverTheChunking(int chunk) {
    String payload = "<script>alert(1)</script>";
    String page = "<html><body><p>You searched for " + payload + "</p></body></html>";
    Result result = render(page, chunk, ReflectionMatcher.Action.KEEP, payload, "harmless");
    assertThat(result.findings).containsExactly(payload + " @TEXT");
    assertThat(result.output.toString()).isEqualTo(page);
    assertThat(result.maxHeld).isLessThanOrEqualTo(payload.length() - 1 + chunk);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 1000})
  void sanitizeEscapesEveryOccurrenceAndNothingElse(int chunk) {
    String payload = "<img src=x onerror=alert(1)>";
    String page = "<p>" + payload + "</p><div title=\"x\">" + payload + "</div>";
    Result result = render(page, chunk, ReflectionMatcher.Action.ESCAPE, payload);
    String escaped = "&lt;img src=x onerror=alert(1)&gt;";
    assertThat(result.output.toString()).isEqualTo("<p>" + escaped + "</p><div title=\"x\">" + escaped + "</div>");
    assertThat(result.findings).hasSize(2);
  }

  @Test
  void anEscapedEchoIsBenign() {
    String payload = "<script>alert(1)</script>";
    String page = "<p>You searched for " + HtmlEscaping.escape(payload) + "</p>";
    assertThat(render(page, 4, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void aQuoteBreakoutCountsInsideTheAttributeItCloses() {
    String payload = "\" onmouseover=\"alert(1)";
    assertThat(render("<input value=\"" + payload + "\">", 3, ReflectionMatcher.Action.KEEP, payload).findings)
        .containsExactly(payload + " @DOUBLE_QUOTED_ATTRIBUTE");
    // The same characters in text, or inside a single-quoted value, close nothing.
    assertThat(render("<p>" + payload + "</p>", 3, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
    assertThat(render("<input value='" + payload + "'>", 3, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void aTagInsideAQuotedAttributeIsInert() {
    String payload = "<b>bold</b>";
    assertThat(render("<input value=\"" + payload + "\">", 2, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
    assertThat(render("<p>" + payload + "</p>", 2, ReflectionMatcher.Action.KEEP, payload).findings).hasSize(1);
  }

  @Test
  void anEventHandlerInAnUnquotedAttributeIsActive() {
    String payload = "x onfocus=alert(1) autofocus";
    assertThat(render("<input value=" + payload + ">", 2, ReflectionMatcher.Action.KEEP, payload).findings)
        .containsExactly(payload + " @TAG");
    assertThat(render("<p>" + payload + "</p>", 2, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void aScriptUrlInAnHrefIsActive() {
    String payload = "javascript:alert(document.cookie)";
    assertThat(render("<a href=\"" + payload + "\">home</a>", 5, ReflectionMatcher.Action.KEEP, payload).findings).hasSize(1);
    assertThat(render("<p>" + payload + "</p>", 5, ReflectionMatcher.Action.KEEP, payload).findings).isEmpty();
  }

  @Test
  void aStringBreakoutInsideAScriptIsActive() {
    String payload = "';alert(1)//";
    String page = "<script>var q = '" + payload + "';</script><p>" + payload + "</p>";
    assertThat(render(page, 3, ReflectionMatcher.Action.KEEP, payload).findings).containsExactly(payload + " @SCRIPT");
  }

  @Test
  void aTagInsideACommentIsInertUnlessItClosesTheComment() {
    String inert = "<b>note</b>";
    assertThat(render("<!-- " + inert + " -->", 2, ReflectionMatcher.Action.KEEP, inert).findings).isEmpty();
    String breakout = "--><script>alert(1)</script>";
    assertThat(render("<!-- " + breakout + " -->", 2, ReflectionMatcher.Action.KEEP, breakout).findings).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a < b", "<3", "x <= 10 && y >= 2", "O'Brien", "**bold** and _it_ [link](http://x)",
      "5 > 3", "don't > worry", "one=1", "\"quoted\" text", "mailto:someone@example.com", "data:image/png;base64,AAAA"})
  void inertValuesAreNeverFindingsEvenReflectedRaw(String value) {
    String page = "<p>" + value + "</p><input value=\"" + value + "\"><script>var v = '" + value + "';</script>";
    assertThat(HtmlActiveContent.of(value)).isZero();
    assertThat(render(page, 3, ReflectionMatcher.Action.KEEP, value).findings).isEmpty();
  }

  @Test
  void blockingThrowsBeforeTheOccurrenceIsReleased() {
    String payload = "<svg onload=alert(1)>";
    StringBuilder output = new StringBuilder();
    ReflectionMatcher matcher =
        new ReflectionMatcher(
            detector.activeValues(List.of(payload)),
            (value, where, reason, excerpt) -> {
              throw new IllegalStateException("blocked");
            },
            (text, from, to) -> output.append(text, from, to));
    matcher.write("<p>hello ", 0, 9);
    assertThatThrownBy(() -> matcher.write(payload + "</p>", 0, payload.length() + 4)).hasMessage("blocked");
    assertThat(output.toString()).doesNotContain("<svg");
  }

  @Test
  void holdsBackNoMoreThanTheLongestValueLessOne() {
    String payload = "<script>alert(1)</script>";
    StringBuilder page = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      page.append("<tr><td>row ").append(i).append("</td></tr>\n");
    }
    Result result = render(page.toString(), 512, ReflectionMatcher.Action.KEEP, payload);
    assertThat(result.output.toString()).isEqualTo(page.toString());
    assertThat(result.maxHeld).isEqualTo(payload.length() - 1);
  }

  @Test
  void noActiveValueMeansNoMatcherWork() {
    assertThat(detector.activeValues(List.of("books", "42", "a < b", "O'Brien"))).isEmpty();
  }
}
