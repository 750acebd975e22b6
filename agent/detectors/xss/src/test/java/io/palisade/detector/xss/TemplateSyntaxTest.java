package io.palisade.detector.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateSyntaxTest {
  @ParameterizedTest
  @ValueSource(strings = {"[[${7*7}]]", "${T(java.lang.Runtime).getRuntime().exec('id')}", "__${new java.util.Scanner(T(java.lang.Runtime).getRuntime().exec('id').getInputStream()).next()}__::.x",
      "*{7*7}", "#{7*7}", "~{::body}", "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}",
      "#set($x = 7*7)$x", "#foreach($i in [1..3])$i#end", "$class.inspect(\"java.lang.Runtime\")", "[(${7*7})]",
      "$x.getClass().forName(\"java.lang.Runtime\")", "$!request.getSession()", "#evaluate(\"#set($a=1)\")"})
  void templateSyntaxIsFound(String value) {
    assertThat(TemplateSyntax.constructIn(value)).as(value).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"$5 off", "C# and #settings", "I paid $10 {approx}", "AT(T) merger", "[link](x)", "#hashtag",
      "{json: true}", "50% of $price", "Issue #1234 (fixed)", "email@example.com",
      "Your order #1234 costs $5", "$5.00 (incl. tax)", "#1 bestseller", "$.ajax(url)", "$('#id').hide()", "US$ 3.50"})
  void ordinaryTextIsNot(String value) {
    assertThat(TemplateSyntax.constructIn(value)).as(value).isNull();
  }

  @Test
  void aValueCountsOnlyWhereItOccursInTheTemplate() {
    List<String> values = List.of("books", "[[${7*7}]]");
    assertThat(TemplateSyntax.injectedValue("<p>Hello [[${7*7}]]</p>", values)).isEqualTo(1);
    assertThat(TemplateSyntax.injectedValue("<p th:text=\"${name}\">Hello</p>", values)).isEqualTo(-1);
  }

  @Test
  void theSstiCorpusIsFound() throws IOException {
    Path fuzz = Paths.get(System.getProperty("palisade.corpus", "/work/shared/corpus"),
        "payloadsallthethings/server-side-template-injection/ssti.fuzz");
    Assumptions.assumeTrue(Files.isRegularFile(fuzz), "corpus not present");
    List<String> lines = Files.readAllLines(fuzz, StandardCharsets.UTF_8);
    int payloads = 0;
    int found = 0;
    StringBuilder missed = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      payloads++;
      if (TemplateSyntax.constructIn(line) != null) {
        found++;
      } else {
        missed.append("\n  ").append(line);
      }
    }
    System.out.printf("SSTI corpus: %d payloads, %d with template syntax of Thymeleaf, FreeMarker or Velocity; not: %s%n",
        payloads, found, missed);
    assertThat(found).isGreaterThan(payloads / 2);
  }
}
