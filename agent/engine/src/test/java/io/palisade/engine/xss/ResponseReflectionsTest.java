package io.palisade.engine.xss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseReflectionsTest {

  @ParameterizedTest
  @NullSource // browsers sniff a response without a type as HTML when it looks like markup
  @ValueSource(strings = {
    "text/html", "text/html;charset=UTF-8", "TEXT/HTML; charset=utf-8", "Text/Html",
    "application/xhtml+xml", "Application/XHTML+XML;charset=UTF-8"})
  void htmlWhateverTheCase(String contentType) {
    assertThat(ResponseReflections.isHtml(contentType)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "application/json", "application/json;charset=UTF-8", "APPLICATION/JSON", "text/plain", "text/htm",
    "image/png", "application/xml", ""})
  void notHtml(String contentType) {
    assertThat(ResponseReflections.isHtml(contentType)).isFalse();
  }
}
