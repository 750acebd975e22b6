package io.palisade.detector.xss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlActiveContentTest {
  @Test
  void classifiesEachKindOfActiveContent() {
    assertThat(HtmlActiveContent.of("<script>alert(1)")).isEqualTo(HtmlActiveContent.TAG);
    assertThat(HtmlActiveContent.of("</title><b")).isEqualTo(HtmlActiveContent.TAG);
    assertThat(HtmlActiveContent.of("<!--")).isEqualTo(HtmlActiveContent.TAG);
    assertThat(HtmlActiveContent.of("\"><b>")).isEqualTo(HtmlActiveContent.TAG | HtmlActiveContent.DOUBLE_QUOTE_BREAKOUT);
    assertThat(HtmlActiveContent.of("' autofocus onfocus='x")).isEqualTo(
        HtmlActiveContent.SINGLE_QUOTE_BREAKOUT | HtmlActiveContent.EVENT_HANDLER);
    assertThat(HtmlActiveContent.of("x onMouseOver =alert(1)")).isEqualTo(HtmlActiveContent.EVENT_HANDLER);
    assertThat(HtmlActiveContent.of(" java\tscript:alert(1)")).isEqualTo(HtmlActiveContent.SCRIPT_URL);
    assertThat(HtmlActiveContent.of("data:text/html;base64,PHNjcmlwdD4=")).isEqualTo(HtmlActiveContent.SCRIPT_URL);
  }

  @Test
  void aBareTagIsInertItMatchesThePagesOwnMarkup() {
    for (String bare : new String[] {"<b>", "</form>", "<br/>", "<script>", " <p> "}) {
      assertThat(HtmlActiveContent.of(bare)).as(bare).isZero();
    }
    assertThat(HtmlActiveContent.of("<b>x</b>")).isEqualTo(HtmlActiveContent.TAG);
  }

  @Test
  void proseMathsAndMarkdownAreInert() {
    for (String inert : new String[] {"a < b", "<3", "1 <2", "O'Brien", "\"Hi,\" she said", "it's 'fine'",
        "# Title\n* item\n`code`", "money=5", "online", "turn on = true", "--> not a comment", "data:image/png;base64,AA"}) {
      assertThat(HtmlActiveContent.of(inert)).as(inert).isZero();
    }
  }
}
